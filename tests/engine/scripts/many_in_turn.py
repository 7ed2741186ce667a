# 300 processes, one at a time: many in all, never many at once.
import multiprocessing as mp

if __name__ == "__main__":
    for _ in range(300):
        child = mp.Process(target=int)
        child.start()
        child.join()
    print("all joined")
