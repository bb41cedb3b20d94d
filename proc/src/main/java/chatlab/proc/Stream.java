package chatlab.proc;

/** Which of a program's outputs a line came from. */
public enum Stream {
    STDOUT,
    STDERR
}
