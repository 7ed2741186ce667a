# cpu-bound: a Pool with more workers than CPUs, every task pure arithmetic
import time
import multiprocessing as mp

WORKERS = 0  # pool processes (0 = 2 x cpu_count)
TASKS = 16  # tasks to map
WORK = 1  # millions of loop steps per task
MASK = (1 << 64) - 1


def crunch(task):
    # Step a pseudo-random number generator: no sleeping, a CPU is busy throughout.
    x = task + 1
    total = 0
    for _ in range(int(WORK * 1_000_000)):
        x = (x * 6364136223846793005 + 1442695040888963407) & MASK
        total += x >> 33
    return total % 1000003


if __name__ == "__main__":
    workers = WORKERS or 2 * mp.cpu_count()  #<<
    started = time.perf_counter()
    with mp.Pool(processes=workers) as pool:
        results = pool.map(crunch, range(TASKS))  #<<
    elapsed = time.perf_counter() - started
    print(f"{TASKS} tasks on {workers} workers and {mp.cpu_count()} CPUs"
          f" took {elapsed:.3f} seconds")
