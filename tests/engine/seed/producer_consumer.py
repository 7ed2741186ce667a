import multiprocessing as mp
import time
# pushing items to queue
def producer(q):
    for i in ["sudh", "kumar", "pwskills", "krish", "naik"]:
        time.sleep(1.5)
        print(f'Entry: {i}')
        q.put(i)
# popping items from queue
def consume(q):
    # while True:
    while not queue.empty():
        time.sleep(0.5)
        print('- ', end='')
        item = q.get()
        if item is None:
            break
        print(f'Exit: {item}')
if __name__ == '__main__':
    queue = mp.Queue()
    m1 = mp.Process(target=producer, args=(queue,))
    m2 = mp.Process(target=consume, args=(queue,))
    m1.start()
    m2.start()
    queue.put("xyz")
    m1.join()
    m2.join()
