# pool-worklog: four jobs of different lengths on a pool of four workers
import time
import multiprocessing as mp


def work_log(job):
    name, seconds = job
    print(f" Process {name} waiting {seconds} seconds")
    time.sleep(seconds)  #<<
    print(f" Process {name} Finished.")


if __name__ == "__main__":
    jobs = [("A", 5), ("B", 2), ("C", 1), ("D", 3)]
    pool = mp.Pool(4)
    pool.map(work_log, jobs)  #<<
    # The pool is never closed: Python terminates its workers at exit.
