# A SimpleQueue between a child and main: three items put, three got (main
# waits for them), and its empty() answered.
import multiprocessing as mp
import time


def produce(q):
    for i in range(3):
        time.sleep(0.05)
        q.put(i * 10)


if __name__ == "__main__":
    q = mp.SimpleQueue()
    p = mp.Process(target=produce, args=(q,))
    p.start()
    print("empty at first:", q.empty())
    print("got", [q.get() for _ in range(3)])
    p.join()
