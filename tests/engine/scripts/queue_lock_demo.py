# A producer puts three items and a sentinel on a Queue; a consumer gets
# them; two processes take a Lock around each of their increments.
import multiprocessing as mp


def produce(q):
    for item in ["xyz", "sudh", "kumar"]:
        q.put(item)
    q.put(None)


def consume(q):
    while True:
        item = q.get()
        if item is None:
            break
        print("got", item)


def add(lock, counter, n):
    for _ in range(n):
        with lock:
            counter.value += 1


if __name__ == "__main__":
    q = mp.Queue()
    ps = [mp.Process(target=consume, args=(q,)), mp.Process(target=produce, args=(q,))]
    for p in ps:
        p.start()
    for p in ps:
        p.join()
    print("empty", q.empty())

    lock = mp.Lock()
    counter = mp.Value("i", 0, lock=False)
    ps = [mp.Process(target=add, args=(lock, counter, 50)) for _ in range(2)]
    for p in ps:
        p.start()
    for p in ps:
        p.join()
    print("counter", counter.value)
