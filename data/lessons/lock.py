# lock: several processes add 1 to one shared counter, with or without a Lock
import multiprocessing as mp

USE_LOCK = True  # False: no Lock, and updates get lost
PROCESSES = 4  # processes incrementing
INCREMENTS = 2000  # increments per process


def add(counter, lock, increments):
    for _ in range(increments):
        if USE_LOCK:
            lock.acquire()  #<<
        value = counter.value  #<<
        counter.value = value + 1  # another process may have written in between  #<<
        if USE_LOCK:
            lock.release()  #<<


if __name__ == "__main__":
    counter = mp.Value("i", 0, lock=False)  # a bare shared int, no lock of its own
    lock = mp.Lock()
    workers = [mp.Process(target=add, args=(counter, lock, INCREMENTS))
               for _ in range(PROCESSES)]
    for p in workers:
        p.start()
    for p in workers:
        p.join()
    expected = PROCESSES * INCREMENTS
    got = counter.value
    print(f"counter = {got} (expected {expected}, {expected - got} updates lost)")
