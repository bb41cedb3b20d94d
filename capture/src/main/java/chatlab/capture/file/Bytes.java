package chatlab.capture.file;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Unsigned reads from byte arrays in either byte order, without bounds beyond the array's own. */
public final class Bytes {
    private static final VarHandle SHORT_BE = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle SHORT_LE = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT_BE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private Bytes() {
    }

    public static int u8(byte[] b, int off) {
        return b[off] & 0xFF;
    }

    public static int u16be(byte[] b, int off) {
        return ((short) SHORT_BE.get(b, off)) & 0xFFFF;
    }

    public static int u16le(byte[] b, int off) {
        return ((short) SHORT_LE.get(b, off)) & 0xFFFF;
    }

    public static int u16(byte[] b, int off, boolean bigEndian) {
        return bigEndian ? u16be(b, off) : u16le(b, off);
    }

    /** A 32-bit big-endian value as a Java int (callers treat it as unsigned where needed). */
    public static int i32be(byte[] b, int off) {
        return (int) INT_BE.get(b, off);
    }

    public static int i32le(byte[] b, int off) {
        return (int) INT_LE.get(b, off);
    }

    public static int i32(byte[] b, int off, boolean bigEndian) {
        return bigEndian ? i32be(b, off) : i32le(b, off);
    }

    public static long u32(byte[] b, int off, boolean bigEndian) {
        return i32(b, off, bigEndian) & 0xFFFF_FFFFL;
    }

    public static long u32be(byte[] b, int off) {
        return i32be(b, off) & 0xFFFF_FFFFL;
    }

    public static long i64be(byte[] b, int off) {
        return (long) LONG_BE.get(b, off);
    }

    public static void putU16be(byte[] b, int off, int v) {
        SHORT_BE.set(b, off, (short) v);
    }

    public static void putI32be(byte[] b, int off, int v) {
        INT_BE.set(b, off, v);
    }

    public static void putI32le(byte[] b, int off, int v) {
        INT_LE.set(b, off, v);
    }
}
