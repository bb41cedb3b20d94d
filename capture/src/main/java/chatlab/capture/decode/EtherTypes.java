package chatlab.capture.decode;

/** EtherType values (IEEE 802 numbers) the decoder follows. */
public final class EtherTypes {
    public static final int IPV4 = 0x0800;
    public static final int ARP = 0x0806;
    /** IEEE 802.1Q customer VLAN tag. */
    public static final int VLAN = 0x8100;
    /** IEEE 802.1ad service VLAN tag (QinQ outer tag). */
    public static final int QINQ = 0x88A8;
    /** Pre-standard QinQ outer tag. */
    public static final int QINQ_OLD = 0x9100;
    public static final int IPV6 = 0x86DD;

    private EtherTypes() {
    }
}
