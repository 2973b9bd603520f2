namespace Ledger.Cli.Tests;

/// <summary>The repository's demo, as the README's first command runs it: its MIGRATIONS.md and ledger.json.</summary>
internal static class DemoLedger
{
    /// <summary>Writes the demo's ledger and ledger.json into <paramref name="dir"/>.</summary>
    public static void WriteInto(TempDirectory dir)
    {
        string root = LedgerProcess.RepositoryRoot();
        foreach (string file in new[] { "MIGRATIONS.md", "ledger.json" }) dir.Write(file, File.ReadAllText(Path.Combine(root, file)));
    }

    /// <summary>A new temporary folder holding the demo's ledger and ledger.json.</summary>
    public static TempDirectory Copy()
    {
        var dir = new TempDirectory();
        WriteInto(dir);
        return dir;
    }
}
