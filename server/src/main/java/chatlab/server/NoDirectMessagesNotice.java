package chatlab.server;

import chatlab.protocol.lab.LabFormat;
import chatlab.protocol.v2.Wire;
import chatlab.server.handler.Notices;
import chatlab.server.room.Member;
import chatlab.server.web.BrowserSessions;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Tells lab clients which users are in a web browser: a page has no UDP (it announces port 0 and takes direct
 * messages through the server only), but a lab client sends {@code @name: text} straight to the address in its user
 * map, on the lab's port, where nobody listens: the datagram is lost, and the server never sees it to say so. So
 * each lab client is told when a browser user is announced (and a lab newcomer of those already there), in a notice
 * right after the padded user map, which keeps the two in separate reads of the lab client. Confined to the room's
 * loop. (Other v2 clients that announce port 0 are not named: they chose it, and the lab wire stays as it was.)
 */
final class NoDirectMessagesNotice {
    private NoDirectMessagesNotice() {}

    static boolean takesNone(Member<Channel> member) {
        return member.wire() == Wire.V2 && member.udpPort() == 0 && BrowserSessions.isBrowser(member.connection());
    }

    /**
     * After an announcement: returns the bytes written.
     *
     * @param announcedBefore the room as announced before this announcement, by name
     * @param newLabMembers   lab members announced for the first time now (they hear of everyone)
     */
    static long tell(Collection<Member<Channel>> members, Map<String, Member<Channel>> announcedBefore,
            List<Member<Channel>> newLabMembers, Outbound outbound, PresenceFeed.Delivery delivery) {
        List<String> newcomers = new ArrayList<>();
        List<String> everyone = new ArrayList<>();
        for (Member<Channel> member : members) {
            if (takesNone(member)) {
                everyone.add(member.name());
                if (announcedBefore.get(member.name()) != member) {
                    newcomers.add(member.name());
                }
            }
        }
        if (everyone.isEmpty()) {
            return 0;
        }
        ByteBuf toOld = newcomers.isEmpty() ? null
                : outbound.share(LabFormat.noticeBytes(Notices.noDirectMessages(newcomers)));
        ByteBuf toNew = newLabMembers.isEmpty() ? null
                : outbound.share(LabFormat.noticeBytes(Notices.noDirectMessages(everyone)));
        long sent = 0;
        try {
            for (Member<Channel> member : members) {
                if (member.wire() != Wire.LAB) {
                    continue;
                }
                ByteBuf bytes = newLabMembers.contains(member) ? toNew : toOld;
                if (bytes != null && delivery.deliver(member.connection(), bytes)) {
                    sent += bytes.readableBytes();
                }
            }
        } finally {
            if (toOld != null) {
                toOld.release();
            }
            if (toNew != null) {
                toNew.release();
            }
        }
        return sent;
    }
}
