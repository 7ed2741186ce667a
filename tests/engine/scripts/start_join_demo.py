# Two processes sleep at once, main joins them, then reports how it ran.
import multiprocessing as mp
import os
import sys
import time


def task1(n):
    print("Sleeping for", n, "seconds")
    time.sleep(n)
    print("Finished sleeping:", n)


if __name__ == "__main__":
    start = time.perf_counter()
    ps = [mp.Process(target=task1, args=(2,)) for _ in range(2)]
    for p in ps:
        p.start()
    for p in ps:
        p.join()
    print("name", mp.current_process().name)
    print("argv", sys.argv)
    print("file", os.path.basename(__file__))
    print("path0", sys.path[0] == os.path.dirname(os.path.abspath(__file__)))
    print("children", [p.exitcode for p in ps])
    sys.exit(3)
