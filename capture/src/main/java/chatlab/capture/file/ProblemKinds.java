package chatlab.capture.file;

/**
 * The sorts of problem a capture can have, each in a few words: the text a group of alike problems is shown under
 * ({@code frames 12-880: TCP options cut by the snap length (434 frames)}).
 */
public final class ProblemKinds {
    public static final String RECORD_DAMAGED = "damaged record header";
    public static final String BLOCK_DAMAGED = "damaged pcapng block";
    public static final String FILE_CUT = "file cut inside a record";
    public static final String TIME_FRACTION = "fraction of a second out of range";
    public static final String LENGTH_BELOW_CAPTURED = "original length below the captured length";
    public static final String CAPTURED_ABOVE_BLOCK = "captured length beyond its block";
    public static final String UNKNOWN_INTERFACE = "packet of an undescribed interface";
    public static final String INTERFACE_DAMAGED = "damaged interface description";
    public static final String HEADER_CUT = "header cut by the snap length";
    public static final String HEADER_SHORT = "packet shorter than its headers";
    public static final String TCP_OPTIONS_CUT = "TCP options cut by the snap length";
    public static final String TCP_BOGUS_HEADER_LENGTH = "bogus TCP header length";
    public static final String IP_HEADER_BAD = "impossible IP header";
    public static final String FRAGMENT_OVERLAP = "overlapping IP fragments";
    public static final String FRAGMENT_MISSING = "IP fragments missing";
    public static final String FRAGMENT_BAD = "impossible IP fragment";
    public static final String FLOWS_RETIRED = "flow limit reached";
    public static final String CHAT_BUFFER = "chat buffer limit reached";
    public static final String UDP_FRAME = "--udp-frame is not a UDP datagram";

    private ProblemKinds() {
    }

    /** "TCP header cut by the snap length" for "TCP header". */
    public static String cut(String header) {
        return header + " cut by the snap length";
    }
}
