# process-start: start two processes and do not wait for them
import time
import multiprocessing as mp


def task(seconds):
    print(f"Sleeping for {seconds} seconds")
    time.sleep(seconds)
    print(f"Finished sleeping: {seconds}")


if __name__ == "__main__":
    started = time.perf_counter()
    first = mp.Process(target=task, args=(0.5,))
    second = mp.Process(target=task, args=(0.5,))
    first.start()  #<<
    second.start()  #<<
    # No join() here: the main process does not wait for its children.
    elapsed = time.perf_counter() - started
    print(f"Program finished in {elapsed:.3f} seconds")  #<<
