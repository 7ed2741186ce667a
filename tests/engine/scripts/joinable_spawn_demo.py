# A JoinableQueue drained by a daemon worker, then a spawn-context Pool.
import multiprocessing as mp


def drain(q):
    while True:
        item = q.get()
        print("done", item)
        q.task_done()


def cube(n):
    return n ** 3


if __name__ == "__main__":
    q = mp.JoinableQueue()
    mp.Process(target=drain, args=(q,), daemon=True).start()
    for i in range(3):
        q.put(i)
    q.join()
    with mp.get_context("spawn").Pool(2) as pool:
        print("cubes", pool.map(cube, range(4)))
