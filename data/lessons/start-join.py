# start-join: start two processes, then wait for both
import time
import multiprocessing as mp


def task(seconds):
    print(f"Sleeping for {seconds} seconds")
    time.sleep(seconds)
    print(f"Finished sleeping: {seconds}")


if __name__ == "__main__":
    started = time.perf_counter()
    first = mp.Process(target=task, args=(3,))
    second = mp.Process(target=task, args=(3,))
    first.start()
    second.start()
    first.join()  #<<
    second.join()  #<<
    elapsed = time.perf_counter() - started
    print(f"Program finished in {elapsed:.3f} seconds")
