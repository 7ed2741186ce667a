# start() + join()
import time
import multiprocessing as mp
def task1(sleep_sec):
    print(f'Sleeping for {sleep_sec} seconds')
    time.sleep(sleep_sec)
    print(f'Finished sleeping: {sleep_sec}')
if __name__ == "__main__":
    start_time = time.perf_counter()
    p1 = mp.Process(target=task1, args=(3,))
    p2 = mp.Process(target=task1, args=(3,))
    p1.start()
    p2.start()
    p1.join()
    p2.join()
    finish_time = time.perf_counter()
    print(f"Program finished in {(finish_time - start_time):.3f} seconds")
