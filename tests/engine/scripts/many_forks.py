# Forks far more processes than any lesson (at most 600, each sleeping):
# a fork bomb with a bound, so a broken limit cannot take the machine.
import os
import time

for _ in range(600):
    if os.fork() == 0:
        time.sleep(30)
        os._exit(0)
time.sleep(30)
