# Instead of (10 * 2) sec it takes just 2 sec
import time
import multiprocessing as mp
def square(index, value):
    time.sleep(2)
    value[index] = value[index] ** 2
if __name__ == '__main__':
    arr = mp.Array('i', [2, 3, 6, 7, 8, 8, 9, 3, 3, 3])
    process = []
    for i in range(10):
        m = mp.Process(target=square, args=(i, arr))
        process.append(m)
        m.start()
    for m in process:
        m.join()
    print(list(arr))
