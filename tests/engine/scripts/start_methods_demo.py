# A Process started by each of the three start methods.
import multiprocessing as mp
import sys


def greet(method):
    print("hello from", mp.current_process().name, "by", method)
    sys.exit(4)


if __name__ == "__main__":
    for method in ("fork", "spawn", "forkserver"):
        child = mp.get_context(method).Process(target=greet, args=(method,))
        child.start()
        child.join()
        print(method, "exitcode", child.exitcode)
