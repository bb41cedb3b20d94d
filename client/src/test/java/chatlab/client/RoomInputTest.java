package chatlab.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RoomInputTest {
    private static UserInput room(RoomInput command) {
        return new UserInput.Room(command);
    }

    @Test
    void joinTakesOneRoomWithOrWithoutItsHash() {
        assertThat(UserInput.parse("/join #dev")).isEqualTo(room(new RoomInput.Join("#dev")));
        assertThat(UserInput.parse("/join dev")).isEqualTo(room(new RoomInput.Join("#dev")));
        assertThat(UserInput.parse("/j   #Dev  ")).isEqualTo(room(new RoomInput.Join("#Dev")));
        assertThat(UserInput.parse("/join")).isEqualTo(new UserInput.Invalid("write /join #ROOM"));
        assertThat(UserInput.parse("/join #a #b"))
                .isEqualTo(new UserInput.Invalid("write /join #ROOM, one room at a time"));
    }

    @Test
    void partAndSwitchNameARoomOrTheCurrentOne() {
        assertThat(UserInput.parse("/part")).isEqualTo(room(new RoomInput.Part(null)));
        assertThat(UserInput.parse("/leave #ops")).isEqualTo(room(new RoomInput.Part("#ops")));
        assertThat(UserInput.parse("/part #a b")).isEqualTo(new UserInput.Invalid("write /part, or /part #ROOM"));
        assertThat(UserInput.parse("/switch")).isEqualTo(room(new RoomInput.Switch(null)));
        assertThat(UserInput.parse("/switch ops")).isEqualTo(room(new RoomInput.Switch("#ops")));
        assertThat(UserInput.parse("/sw #ops")).isEqualTo(room(new RoomInput.Switch("#ops")));
    }

    @Test
    void roomsAndTopics() {
        assertThat(UserInput.parse("/rooms")).isEqualTo(room(new RoomInput.ListRooms()));
        assertThat(UserInput.parse("/list")).isEqualTo(room(new RoomInput.ListRooms()));
        assertThat(UserInput.parse("/rooms now")).isEqualTo(new UserInput.Invalid("/rooms takes nothing after it"));
        assertThat(UserInput.parse("/topic")).isEqualTo(room(new RoomInput.ShowTopic()));
        assertThat(UserInput.parse("/topic release on  friday ")).isEqualTo(room(new RoomInput.SetTopic("release on  friday")));
        assertThat(UserInput.parse("/topic --clear")).isEqualTo(room(new RoomInput.SetTopic("")));
    }

    @Test
    void historyAndSearch() {
        assertThat(UserInput.parse("/history")).isEqualTo(new UserInput.History(0));
        assertThat(UserInput.parse("/history 20")).isEqualTo(new UserInput.History(20));
        assertThat(UserInput.parse("/history 0"))
                .isEqualTo(new UserInput.Invalid("write /history, or /history N with N from 1 to 1000"));
        assertThat(UserInput.parse("/history lots").kind()).isEqualTo(UserInput.Kind.INVALID);
        assertThat(UserInput.parse("/history 1001").kind()).isEqualTo(UserInput.Kind.INVALID);
        assertThat(UserInput.parse("/search  Zürich office ")).isEqualTo(new UserInput.Search("Zürich office"));
        assertThat(UserInput.parse("/search")).isEqualTo(new UserInput.Invalid("write /search TEXT"));
        assertThat(UserInput.parse("/historyx").kind()).isEqualTo(UserInput.Kind.INVALID);
    }

    @Test
    void otherSlashesAreNotRoomCommands() {
        assertThat(UserInput.parse("/joined").kind()).isEqualTo(UserInput.Kind.INVALID);
        assertThat(UserInput.parse("//join #dev")).isEqualTo(new UserInput.Chatroom("/join #dev"));
        assertThat(UserInput.parse("#dev is the room")).isEqualTo(new UserInput.Chatroom("#dev is the room"));
    }
}
