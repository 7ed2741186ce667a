# pool-worklog: four jobs of different lengths on a pool of four workers
import time
import multiprocessing as mp

WORKERS = 4  # pool processes
SECONDS_A = 5  # how long each job sleeps
SECONDS_B = 2
SECONDS_C = 1
SECONDS_D = 3


def work_log(job):
    name, seconds = job
    print(f" Process {name} waiting {seconds} seconds")
    time.sleep(seconds)  #<<
    print(f" Process {name} Finished.")


if __name__ == "__main__":
    jobs = [("A", SECONDS_A), ("B", SECONDS_B), ("C", SECONDS_C), ("D", SECONDS_D)]
    pool = mp.Pool(WORKERS)
    pool.map(work_log, jobs)  #<<
    # The pool is never closed: Python terminates its workers at exit.
