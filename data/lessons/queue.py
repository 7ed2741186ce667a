# queue: a producer and a consumer share a Queue (faithful version, with its race)
# Save it under another name than queue.py, which would hide Python's own queue module.
import time
import multiprocessing as mp


def producer(q):
    for item in ["sudh", "kumar", "pwskills", "krish", "naik"]:
        time.sleep(1.5)
        print(f"Entry: {item}")
        q.put(item)


def consumer(q):
    while not q.empty():  #<<
        time.sleep(0.5)
        print("- ", end="")
        item = q.get()
        if item is None:
            break
        print(f"Exit: {item}")


if __name__ == "__main__":
    q = mp.Queue()
    p1 = mp.Process(target=producer, args=(q,))
    p2 = mp.Process(target=consumer, args=(q,))
    p1.start()
    p2.start()
    q.put("xyz")  #<<
    p1.join()
    p2.join()

# The fixed variant: block in get() and stop on a None sentinel.
#
# def consumer(q):
#     while True:
#         item = q.get()          # waits until something arrives
#         if item is None:
#             break
#         print(f"Exit: {item}")
#
# and in the main process, once the producer is done:
#     p1.join()
#     q.put(None)                 # tell the consumer there is nothing more
#     p2.join()
