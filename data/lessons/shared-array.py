# shared-array: ten processes each square one cell of a shared array
import time
import multiprocessing as mp

SLEEP = 2  # seconds each child sleeps before writing


def square(index, cells):
    time.sleep(SLEEP)
    cells[index] = cells[index] ** 2  #<<


if __name__ == "__main__":
    # An Array lives in shared memory, so every child sees the same cells.
    cells = mp.Array("i", [2, 3, 6, 7, 8, 8, 9, 3, 3, 3])  #<<
    workers = []
    for i in range(len(cells)):
        p = mp.Process(target=square, args=(i, cells))
        workers.append(p)
        p.start()
    for p in workers:
        p.join()
    print(list(cells))
