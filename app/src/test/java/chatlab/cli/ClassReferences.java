package chatlab.cli;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The classes a compiled class refers to, read from its constant pool (JVMS 17 section 4.4), so a fully-qualified
 * name in the source, a type only in a signature, an annotation, and a class named in a string all count, not only
 * import lines: its class entries, every type in its descriptors and signatures, and string constants that spell a
 * chatlab class ({@code "chatlab.cli.Main"}).
 */
final class ClassReferences {
    /** A type in a descriptor or signature: {@code Lchatlab/auth/Authenticator;} or {@code Ljava/util/List<}. */
    private static final Pattern TYPE = Pattern.compile("L([\\w/$]+)[;<]");
    /** A chatlab class spelt out in a string constant (Class.forName, a main class to start). */
    private static final Pattern NAMED = Pattern.compile("chatlab(\\.[a-z][a-z0-9_]*)+\\.[A-Z][\\w$]*");

    // Constant pool tags, JVMS 17 table 4.4-B.
    private static final int UTF8 = 1;
    private static final int INTEGER = 3;
    private static final int FLOAT = 4;
    private static final int LONG = 5;
    private static final int DOUBLE = 6;
    private static final int CLASS = 7;
    private static final int STRING = 8;
    private static final int METHOD_HANDLE = 15;
    private static final int METHOD_TYPE = 16;
    private static final int MODULE = 19;
    private static final int PACKAGE = 20;

    private ClassReferences() {}

    /** One reference: the class that makes it and the class it names, both with dots. */
    record Reference(String from, String to) {
        String toPackage() {
            int dot = to.lastIndexOf('.');
            return dot < 0 ? "" : to.substring(0, dot);
        }
    }

    /** Every reference made by the class files under {@code classes} (none when the folder is missing). */
    static List<Reference> under(Path classes) throws IOException {
        List<Reference> references = new ArrayList<>();
        if (!Files.isDirectory(classes)) {
            return references;
        }
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String from = classes.relativize(file).toString().replace(".class", "").replace('/', '.');
                try (InputStream in = Files.newInputStream(file)) {
                    for (String to : of(in)) {
                        references.add(new Reference(from, to));
                    }
                }
            }
        }
        return references;
    }

    /** The classes one class file refers to, with dots ({@code java.util.List}), arrays reduced to their element. */
    static Set<String> of(InputStream classFile) throws IOException {
        DataInputStream in = new DataInputStream(classFile);
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException("not a class file");
        }
        in.readUnsignedShort(); // minor version
        in.readUnsignedShort(); // major version
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        List<Integer> classNames = new ArrayList<>();
        List<Integer> strings = new ArrayList<>();
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case UTF8 -> utf8[i] = in.readUTF();
                case CLASS -> classNames.add(in.readUnsignedShort());
                case STRING -> strings.add(in.readUnsignedShort());
                case METHOD_TYPE, MODULE, PACKAGE -> in.readUnsignedShort();
                case METHOD_HANDLE -> in.skipBytes(3);
                case INTEGER, FLOAT -> in.skipBytes(4);
                case LONG, DOUBLE -> {
                    in.skipBytes(8);
                    i++; // takes two entries (JVMS 4.4.5)
                }
                // Fieldref, Methodref, InterfaceMethodref, NameAndType, Dynamic, InvokeDynamic: two indexes.
                case 9, 10, 11, 12, 17, 18 -> in.skipBytes(4);
                default -> throw new IOException("unknown constant pool tag " + tag + " at entry " + i);
            }
        }
        Set<String> found = new TreeSet<>();
        for (int index : classNames) {
            String name = utf8[index];
            if (name.startsWith("[")) {
                addTypes(name, found);
            } else {
                found.add(name.replace('/', '.'));
            }
        }
        for (String text : utf8) {
            if (text != null && (text.startsWith("(") || text.startsWith("L") || text.startsWith("<")
                    || text.startsWith("["))) {
                addTypes(text, found);
            }
        }
        for (int index : strings) {
            Matcher named = NAMED.matcher(utf8[index]);
            if (named.matches()) {
                found.add(utf8[index]);
            }
        }
        return found;
    }

    private static void addTypes(String descriptor, Set<String> found) {
        Matcher type = TYPE.matcher(descriptor);
        while (type.find()) {
            found.add(type.group(1).replace('/', '.'));
        }
    }
}
