# Two children that keep telling what they do (each sleep is a record)
# and never end.
import multiprocessing as mp
import time


def busy(n):
    i = 0
    while True:
        i += 1
        time.sleep(0.001)


if __name__ == "__main__":
    for n in range(2):
        mp.Process(target=busy, args=(n,)).start()
