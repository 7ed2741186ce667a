# An uncaught exception in a child and then in the main process.
import multiprocessing as mp


def fail():
    raise ValueError("child failed")


if __name__ == "__main__":
    child = mp.Process(target=fail)
    child.start()
    child.join()
    print("exitcode", child.exitcode)
    raise RuntimeError("main failed")
