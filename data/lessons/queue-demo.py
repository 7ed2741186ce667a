# queue: a producer and a consumer share a Queue (faithful version, with its race)
# Saved as queue-demo.py: a file called queue.py would hide Python's own queue module.
import time
import multiprocessing as mp

FIXED = False  # True: the corrected consumer (blocking get, None sentinel)
ITEMS = 5  # items the producer puts
INTERVAL = 1.5  # seconds between the producer's puts
POLL = 0.5  # seconds the consumer sleeps before each get
NAMES = ["sudh", "kumar", "pwskills", "krish", "naik"]


def producer(q):
    for i in range(ITEMS):
        item = NAMES[i] if i < len(NAMES) else f"item-{i + 1}"
        time.sleep(INTERVAL)
        print(f"Entry: {item}")
        q.put(item)


def consumer(q):
    while not q.empty():  #<<
        time.sleep(POLL)
        print("- ", end="")
        item = q.get()
        if item is None:
            break
        print(f"Exit: {item}")


def fixed_consumer(q):
    while True:
        item = q.get()  # waits until something arrives
        if item is None:
            break
        print(f"- Exit: {item}")


if __name__ == "__main__":
    q = mp.Queue()
    p1 = mp.Process(target=producer, args=(q,))
    p2 = mp.Process(target=fixed_consumer if FIXED else consumer, args=(q,))
    p1.start()
    p2.start()
    q.put("xyz")  #<<
    p1.join()
    if FIXED:
        q.put(None)  # tell the consumer there is nothing more
    p2.join()
