package chatlab.bench.jmh;

import chatlab.protocol.lab.LabFormat;
import chatlab.protocol.v2.UserInfo;
import chatlab.protocol.v2.Wire;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Realistic, repeatable inputs for the JMH benchmarks: user names as people pick them in the lab (some with
 * Norwegian letters, which the lab's {@code json.dumps} escapes), client addresses as the server formats them, and
 * chat texts of an exact UTF-8 length. Everything comes from a fixed seed, so every run measures the same bytes.
 * No address is ever resolved or contacted: addresses are built from raw bytes.
 */
final class Workload {
    /** The lab client's UDP port, which every lab user shares. */
    static final int UDP_PORT = LabFormat.DEFAULT_PORT;
    /** The time every generated message and join is stamped with. */
    static final Instant TIME = Instant.parse("2026-11-25T12:00:01.123456Z");

    /** The kinds of chat text the relay and v2 benchmarks take as {@code @Param}. */
    static final String ASCII_64 = "ascii-64";
    static final String ASCII_1000 = "ascii-1000";
    static final String UTF8_64 = "utf8-64";
    static final String UTF8_1000 = "utf8-1000";

    /** The address families of the user-map benchmarks. */
    static final String IPV4 = "ipv4";
    static final String IPV6 = "ipv6";

    private static final String[] FIRST = {
        "alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy", "mallory", "oscar",
        "peggy", "trent", "walter", "kari", "ola", "ingrid", "lars", "sigrid", "bjørn", "åse", "øyvind", "håkon",
        "nora", "emma", "jakob", "sofie", "mathias", "ida", "magnus", "thea", "sander", "maja", "jonas", "ella",
    };
    private static final String[] LAST = {
        "nordmann", "hansen", "johansen", "olsen", "larsen", "andersen", "pedersen", "nilsen", "kristiansen",
        "jensen", "berg", "haugen", "dahl", "lie", "strøm", "bakke", "solberg", "ås",
    };
    private static final String[] SEPARATORS = {".", "_", "-", ""};

    /** Written in the lab's chatroom; cut or repeated to the exact byte length asked for. */
    private static final String ASCII_TEXT = "hi all! is the chat server up for you? I get connection refused on"
            + " port 5000 from the lab net, but nc to 129.241.200.10 works fine. Anyone seen that? ";
    private static final String NON_ASCII_TEXT = "Hei på deg! Blåbærsyltetøy på skiva, kaffe i koppen ☕ og"
            + " «Ωμέγα» på tavla — 你好, 世界 😀 Ærlig talt, øvinga er ferdig i morgen. ";

    private Workload() {}

    /** A chat text of exactly the UTF-8 length and kind named ({@code ascii-64}, {@code utf8-1000}, ...). */
    static String text(String kind) {
        int dash = kind.indexOf('-');
        String source = switch (kind.substring(0, dash)) {
            case "ascii" -> ASCII_TEXT;
            case "utf8" -> NON_ASCII_TEXT;
            default -> throw new IllegalArgumentException("unknown text kind " + kind);
        };
        return textOfBytes(source, Integer.parseInt(kind.substring(dash + 1)));
    }

    /** {@code source} repeated and cut at a whole character, padded with ASCII dots to exactly {@code bytes}. */
    static String textOfBytes(String source, int bytes) {
        StringBuilder out = new StringBuilder();
        int length = 0;
        int i = 0;
        while (true) {
            int codePoint = source.codePointAt(i % source.length());
            int size = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8).length;
            if (length + size > bytes) {
                break;
            }
            out.appendCodePoint(codePoint);
            length += size;
            i = (i + Character.charCount(codePoint)) % source.length();
        }
        while (length < bytes) {
            out.append('.');
            length++;
        }
        return out.toString();
    }

    /** {@code count} distinct user names, at most 32 characters, about one in five with a non-ASCII letter. */
    static List<String> names(int count, long seed) {
        Random random = new Random(seed);
        Set<String> seen = new HashSet<>();
        List<String> names = new ArrayList<>(count);
        while (names.size() < count) {
            String first = FIRST[random.nextInt(FIRST.length)];
            String name = switch (random.nextInt(4)) {
                case 0 -> first;
                case 1 -> first + random.nextInt(100);
                case 2 -> first + SEPARATORS[random.nextInt(SEPARATORS.length)] + LAST[random.nextInt(LAST.length)];
                default -> first + "_" + (1990 + random.nextInt(20));
            };
            if (random.nextInt(8) == 0) {
                name = Character.toUpperCase(name.charAt(0)) + name.substring(1);
            }
            if (seen.add(name)) {
                names.add(name);
            }
        }
        return names;
    }

    /**
     * The address of the i-th client as the server writes it in the user map ({@link LabFormat#address}): IPv4 from a
     * campus /16 and a private /8, IPv6 a global address with a random (privacy) interface id, so mostly the full
     * eight groups.
     */
    static String address(String family, Random random) {
        byte[] raw;
        if (IPV4.equals(family)) {
            raw = random.nextBoolean()
                    ? new byte[] {(byte) 129, (byte) 241, (byte) random.nextInt(256), (byte) (1 + random.nextInt(254))}
                    : new byte[] {10, (byte) random.nextInt(256), (byte) random.nextInt(256), (byte) (1 + random.nextInt(254))};
        } else if (IPV6.equals(family)) {
            raw = new byte[16];
            raw[0] = 0x20;
            raw[1] = 0x01;
            raw[2] = 0x07;
            raw[3] = 0x00;
            raw[4] = 0x03;
            raw[5] = 0x00;
            raw[6] = (byte) 0x40;
            raw[7] = (byte) random.nextInt(16);
            for (int i = 8; i < 16; i++) {
                raw[i] = (byte) random.nextInt(256);
            }
        } else {
            throw new IllegalArgumentException("unknown address family " + family);
        }
        try {
            return LabFormat.address(InetAddress.getByAddress(raw)); // raw bytes: no lookup
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One member of a generated room. */
    record Member(String name, String address, Wire wire) {
        UserInfo info() {
            return new UserInfo(name, address, UDP_PORT, wire, TIME);
        }
    }

    /** A room of {@code count} members in joining order; one in three speaks v2. */
    static List<Member> room(int count, String family, long seed) {
        Random random = new Random(seed ^ 0x5DEECE66DL);
        List<Member> room = new ArrayList<>(count);
        for (String name : names(count, seed)) {
            room.add(new Member(name, address(family, random), random.nextInt(3) == 0 ? Wire.V2 : Wire.LAB));
        }
        return room;
    }

    /** The lab user map of a room, as the server's room builds it: name to address, in joining order. */
    static Map<String, String> userMap(List<Member> room) {
        Map<String, String> map = new LinkedHashMap<>();
        for (Member member : room) {
            map.put(member.name(), member.address());
        }
        return map;
    }

    static List<UserInfo> userInfos(List<Member> room) {
        List<UserInfo> infos = new ArrayList<>(room.size());
        for (Member member : room) {
            infos.add(member.info());
        }
        return infos;
    }
}
