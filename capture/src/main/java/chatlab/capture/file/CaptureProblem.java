package chatlab.capture.file;

/**
 * Something wrong with the file or a packet, said in one sentence, with the frame it concerns (0 when none, e.g.
 * a damaged block between frames) and the byte offset in the file where it was found. {@code kind} names the sort
 * of problem in a few words ({@link ProblemKinds}), so that many alike are shown as one group.
 */
public record CaptureProblem(long frame, long byteOffset, String message, String kind) {
    @Override
    public String toString() {
        return (frame > 0 ? "frame " + frame + ", " : "") + "byte offset " + byteOffset + ": " + message;
    }
}
