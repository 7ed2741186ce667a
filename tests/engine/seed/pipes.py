import multiprocessing as mp
import time
def sender(conn, msg):
    for i in msg:
        time.sleep(1)
        conn.send(i)
    conn.close()
def receive(conn):
    while True:
        try:
            msg = conn.recv()
        except Exception as e:
            print(e)
            break
        print(msg)
if __name__ == '__main__':
    msg = ["my name is sudh", "this is my msg to my students ", "i am taking class for dsm ",
    "try to practice all the code "]
    conn1, conn2 = mp.Pipe()
    m1 = mp.Process(target=sender, args=(conn2, msg))
    m2 = mp.Process(target=receive, args=(conn1,))
    m1.start()
    m2.start()
    m1.join()
    conn2.close()
    m2.join()
    conn1.close()
