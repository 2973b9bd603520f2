namespace Ledger.Testing;

/// <summary>
/// User names a users query can return that must be rejected before any file is touched: paths and path pieces,
/// control and invisible characters, look-alikes, names Windows does not keep apart, shell and URL tricks. One list
/// for the engine tests and the suite that runs the tool (linked into each).
/// </summary>
public static class HostileNames
{
    /// <summary>Names a users query can return.</summary>
    public static readonly string[] UserNames =
    [
        "..", ".", "../x", "../../escape", "/abs-ledger-reliability", "/tmp/abs-ledger-reliability", "a/b", "a\\b", "..\\x", "a\0b", "\0",
        new string('a', 10_000), new string('a', 129), "\uFF41lice", "\u0430lice", "alice\u200B", "", " ", "\t", "alice ", " alice", "alice\n",
        "a.", "alice.", "alice..", "CON", "con", "NUL", "Aux", "PRN", "COM1", "lpt9", "CON.txt", "nul.db", ".hidden", "-rf", "_x", "~root",
        "a:b", "a*b", "a?b", "a|b", "a\"b", "a<b>", "%2e%2e", "$(id)", "alice;rm", "e\u0301", "\uFEFFalice",
    ];
}
