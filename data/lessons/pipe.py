# pipe: one process sends messages through a Pipe, another receives them
# (faithful version: it hangs forever)
import time
import multiprocessing as mp

FIXED = False  # True: each child closes the end it does not use, so recv() sees EOF
MESSAGES = 4  # messages the sender sends
INTERVAL = 1  # seconds between messages
TEXTS = ["my name is sudh", "this is my msg to my students",
         "i am taking class for dsm", "try to practice all the code"]


def sender(conn, unused_end):
    if FIXED:
        unused_end.close()
    for i in range(MESSAGES):
        time.sleep(INTERVAL)
        conn.send(TEXTS[i] if i < len(TEXTS) else f"message {i + 1}")  #<<
    conn.close()


def receiver(conn, unused_end):
    if FIXED:
        unused_end.close()
    while True:
        try:
            text = conn.recv()  #<<
        except EOFError as err:  # raised only when every sending end is closed
            print(repr(err))
            break
        print(text)


if __name__ == "__main__":
    receive_end, send_end = mp.Pipe()
    p1 = mp.Process(target=sender, args=(send_end, receive_end))
    p2 = mp.Process(target=receiver, args=(receive_end, send_end))
    p1.start()
    p2.start()  # the fork gives p2 its own copy of send_end too  #<<
    p1.join()
    send_end.close()
    p2.join()  # never returns unless FIXED
    receive_end.close()
