# cpu-count: how many CPUs can run processes at the same moment?
import multiprocessing as mp

if __name__ == "__main__":
    cpus = mp.cpu_count()  #<<
    print(cpus)
