# lock: four processes add to one shared counter, without and with a Lock
import multiprocessing as mp

WORKERS = 4
ROUNDS = 20_000


def add_without_lock(counter, lock, rounds):
    for _ in range(rounds):
        counter.value += 1  # read, add, write: three steps  #<<


def add_with_lock(counter, lock, rounds):
    for _ in range(rounds):
        with lock:  # one process at a time in here  #<<
            counter.value += 1


def run(work):
    # lock=False: a bare shared int, with no lock of its own
    counter = mp.Value("i", 0, lock=False)
    lock = mp.Lock()
    workers = [mp.Process(target=work, args=(counter, lock, ROUNDS))
               for _ in range(WORKERS)]
    for p in workers:
        p.start()
    for p in workers:
        p.join()
    return counter.value


if __name__ == "__main__":
    print(f"expected:     {WORKERS * ROUNDS}")
    print(f"without Lock: {run(add_without_lock)}")
    print(f"with Lock:    {run(add_with_lock)}")
