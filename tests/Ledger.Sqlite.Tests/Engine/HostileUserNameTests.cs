using Ledger.Execution;
using Ledger.Targets;
using Ledger.Sqlite.Targets;

namespace Ledger.Sqlite.Tests.Engine;

/// <summary>Spec §2.1: user names from the users query are data, never trusted as paths.</summary>
[TestClass]
public sealed class HostileUserNameTests
{
    [TestMethod]
    public async Task HostileNamesAreRejectedCreateNothingAndTheOthersProceed()
    {
        using var ws = new TestWorkspace();
        ws.Execute(ws.SystemPath, "CREATE TABLE accounts (name)");
        foreach (string name in HostileNames.UserNames.Prepend("alice").Append("bob"))
        {
            ws.Execute(ws.SystemPath, "INSERT INTO accounts VALUES ($name)", ("$name", name));
        }

        string template = Path.Combine(ws.Root, "data", "users", "{user}.db");
        var users = TestWorkspace.QueryUsers("SELECT name FROM accounts ORDER BY rowid", template);

        RunResult result = await ws.ApplyAsync(Ledgers.Basic, users: users);

        Assert.AreEqual(1, result.ExitCode, "a rejected user name fails the run");
        Assert.HasCount(HostileNames.UserNames.Length + 2, result.Users, TestWorkspace.Describe(result));
        Assert.AreEqual(DatabaseOutcome.Migrated, TestWorkspace.Only(result, "alice").Outcome);
        Assert.AreEqual(DatabaseOutcome.Migrated, TestWorkspace.Only(result, "bob").Outcome);
        foreach (string name in HostileNames.UserNames)
        {
            DatabaseResult r = result.Users.Single(u => u.Target.Name == name);
            Assert.AreEqual(DatabaseOutcome.Failed, r.Outcome, $"'{MemberNames.Printable(name)}' must be rejected");
            Assert.Contains("is rejected", r.Message!);
            Assert.IsLessThan(400, r.Message!.Length, "a long name is cut in the message");
            Assert.DoesNotContain("\0", r.Message!, "control characters are escaped in the message");
        }

        CollectionAssert.AreEqual(
            new[] { "data", Path.Combine("data", "users"), Path.Combine("data", "users", "alice.db"), Path.Combine("data", "users", "bob.db"), "system.db" },
            ws.Entries(), "nothing but the two valid users' databases may be created");
        string parent = Path.GetDirectoryName(ws.Root)!;
        foreach (string file in new[] { Path.Combine(parent, "x.db"), Path.Combine(parent, "escape.db"), "/abs-ledger-reliability.db", "/tmp/abs-ledger-reliability.db", Path.Combine(ws.Root, "x.db") })
        {
            Assert.IsFalse(File.Exists(file), $"{file} must not be created");
        }
    }

    /// <summary>
    /// Found by the reliability suite: names the pattern allows that Windows does not keep apart — a trailing dot is
    /// dropped ('alice.' is 'alice'), CON/NUL/COM1… open a device whatever the extension.
    /// </summary>
    [TestMethod]
    [DataRow("a.")]
    [DataRow("alice.")]
    [DataRow("alice..")]
    [DataRow("CON")]
    [DataRow("con")]
    [DataRow("Nul")]
    [DataRow("aux")]
    [DataRow("PRN")]
    [DataRow("COM1")]
    [DataRow("lpt9")]
    [DataRow("CON.txt")]
    [DataRow("nul.db")]
    public void NamesWindowsDoesNotKeepApartAreRejected(string name)
    {
        UserDatabase user = PathTemplate.Resolve("user", name, "/srv/app/users/{user}.db");

        Assert.IsNull(user.Target);
        Assert.Contains("is rejected", user.Problem!);
    }

    [TestMethod]
    [DataRow("alice")]
    [DataRow("console")]
    [DataRow("nullable")]
    [DataRow("com10")]
    [DataRow("a.b")]
    [DataRow("a.b-c_d")]
    [DataRow("0user")]
    public void ValidNamesResolveInsideTheTemplateFolder(string name)
    {
        UserDatabase user = PathTemplate.Resolve("user", name, "/srv/app/users/{user}.db");

        Assert.IsNull(user.Problem);
        Assert.AreEqual($"/srv/app/users/{name}.db", user.Target!.Location);
    }
}
