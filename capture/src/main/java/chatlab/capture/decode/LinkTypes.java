package chatlab.capture.decode;

/** Link-layer header types (the LINKTYPE_* registry at tcpdump.org) that the decoder understands. */
public final class LinkTypes {
    /** BSD loopback: a 4-byte address family in the capturing host's byte order. */
    public static final int NULL = 0;
    public static final int ETHERNET = 1;
    /** OpenBSD's DLT_RAW value, seen in some files instead of 101. */
    public static final int RAW_OPENBSD = 14;
    /** DLT_RAW as some systems number it. */
    public static final int RAW_12 = 12;
    public static final int RAW = 101;
    /** OpenBSD loopback: the address family in network byte order. */
    public static final int LOOP = 108;
    /** Linux cooked capture v1 (16-byte header). */
    public static final int LINUX_SLL = 113;
    public static final int IPV4 = 228;
    public static final int IPV6 = 229;
    /** Linux cooked capture v2 (20-byte header), what {@code tcpdump -i any} writes since libpcap 1.10. */
    public static final int LINUX_SLL2 = 276;

    private LinkTypes() {
    }

    public static String name(int linkType) {
        return switch (linkType) {
            case NULL -> "BSD loopback (NULL)";
            case ETHERNET -> "Ethernet";
            case RAW, RAW_12, RAW_OPENBSD -> "raw IP";
            case LOOP -> "OpenBSD loopback";
            case LINUX_SLL -> "Linux cooked v1 (SLL)";
            case LINUX_SLL2 -> "Linux cooked v2 (SLL2)";
            case IPV4 -> "raw IPv4";
            case IPV6 -> "raw IPv6";
            default -> "link type " + linkType;
        };
    }
}
