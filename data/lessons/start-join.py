# start-join: start two processes, then wait for both
import time
import multiprocessing as mp

PROCESSES = 2  # how many Process objects
SLEEP = 3  # seconds each child sleeps


def task(seconds):
    print(f"Sleeping for {seconds} seconds")
    time.sleep(seconds)
    print(f"Finished sleeping: {seconds}")


if __name__ == "__main__":
    started = time.perf_counter()
    workers = [mp.Process(target=task, args=(SLEEP,)) for _ in range(PROCESSES)]
    for p in workers:
        p.start()
    for p in workers:
        p.join()  #<<
    elapsed = time.perf_counter() - started
    print(f"Program finished in {elapsed:.3f} seconds")
