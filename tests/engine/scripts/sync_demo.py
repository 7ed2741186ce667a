# Every synchronization primitive a program may use: a Semaphore two hold
# at once, an RLock taken twice, a Condition, an Event, a Value with its
# own lock and a raw one.
import multiprocessing as mp
import time


def worker(n, sem, rl, cond, ev, counter, raw):
    ev.wait()
    with sem:
        time.sleep(0.05)
    with rl:
        with rl:
            pass
    with cond:
        cond.notify_all()
    for _ in range(100):
        with counter.get_lock():
            counter.value += 1
            raw.value = raw.value + 1   # under the other's lock: none lost



if __name__ == "__main__":
    sem, rl, cond, ev = mp.Semaphore(2), mp.RLock(), mp.Condition(), mp.Event()
    counter, raw = mp.Value("i", 0), mp.Value("i", 0, lock=False)
    ps = [mp.Process(target=worker, args=(n, sem, rl, cond, ev, counter, raw)) for n in range(3)]
    for p in ps:
        p.start()
    time.sleep(0.05)
    ev.set()
    with cond:
        cond.wait(0.5)
    for p in ps:
        p.join()
    print(counter.value, raw.value)
