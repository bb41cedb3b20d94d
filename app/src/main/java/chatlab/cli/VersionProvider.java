package chatlab.cli;

import picocli.CommandLine.IVersionProvider;

/** Reports the version recorded in the jar's manifest (or "development" when run from classes). */
final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = ChatlabCommand.class.getPackage().getImplementationVersion();
        return new String[] {"chatlab " + (version == null ? "development build" : version)};
    }
}
