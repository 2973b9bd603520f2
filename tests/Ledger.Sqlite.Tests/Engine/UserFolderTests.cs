using Ledger.Targets;
using Ledger.Sqlite.Targets;

namespace Ledger.Sqlite.Tests.Engine;

/// <summary>
/// Where a user's database really is: every symbolic link on its path is followed, component by component, and the
/// result must stay inside the real path of the template's folder (which may itself be a link).
/// </summary>
[TestClass]
public sealed class UserFolderTests
{
    /// <summary>users/ and, beside it, outside/deep/dir; returns outside.</summary>
    private static string Folders(TestWorkspace ws)
    {
        string outside = Path.Combine(ws.Root, "outside");
        Directory.CreateDirectory(Path.Combine(ws.Root, "users"));
        Directory.CreateDirectory(Path.Combine(outside, "deep", "dir"));
        return outside;
    }

    [TestMethod]
    public void AFolderBelowTheTemplatesFolderThatLinksOutsideIsRefused()
    {
        using var ws = new TestWorkspace();
        string outside = Folders(ws);
        Directory.CreateSymbolicLink(Path.Combine(ws.Root, "users", "alice"), Path.Combine(outside, "deep"));

        UserDatabase user = PathTemplate.Resolve("user", "alice", Path.Combine(ws.Root, "users", "{user}", "main.db"));

        Assert.IsNull(user.Target);
        StringAssert.Contains(user.Problem, $"leads it to {Path.Combine(outside, "deep", "main.db")}, outside the users' folder");
    }

    [TestMethod]
    public void DotDotAfterALinkedFolderIsResolvedWhereTheLinkLeadsNotByText()
    {
        using var ws = new TestWorkspace();
        string outside = Folders(ws);
        Directory.CreateSymbolicLink(Path.Combine(ws.Root, "users", "sub"), Path.Combine(outside, "deep", "dir"));
        File.WriteAllText(Path.Combine(outside, "deep", "x.db"), "");
        // By text, users/sub/../x.db is users/x.db; on disk it is outside/deep/x.db.
        File.CreateSymbolicLink(ws.UserPath("alice"), Path.Combine("sub", "..", "x.db"));

        UserDatabase user = PathTemplate.Resolve("user", "alice", ws.UserTemplate);

        Assert.IsNull(user.Target);
        StringAssert.Contains(user.Problem, $"leads it to {Path.Combine(outside, "deep", "x.db")}");
    }

    [TestMethod]
    public void ALinkLoopIsRefused()
    {
        using var ws = new TestWorkspace();
        Folders(ws);
        File.CreateSymbolicLink(ws.UserPath("alice"), ws.UserPath("bob"));
        File.CreateSymbolicLink(ws.UserPath("bob"), ws.UserPath("alice"));

        UserDatabase user = PathTemplate.Resolve("user", "alice", ws.UserTemplate);

        Assert.IsNull(user.Target);
        StringAssert.Contains(user.Problem, "symbolic links loop");
    }

    [TestMethod]
    public void LinksThatStayInsideAndATemplateFolderThatIsItselfALinkAreFine()
    {
        using var ws = new TestWorkspace();
        string outside = Folders(ws);
        File.WriteAllText(ws.UserPath("bob"), "");
        File.CreateSymbolicLink(ws.UserPath("alice"), Path.Combine("..", "users", "bob.db"));
        // The template's folder is the user's choice: a link to elsewhere is compared by where it leads.
        string linkedFolder = Path.Combine(ws.Root, "linked");
        Directory.CreateSymbolicLink(linkedFolder, outside);
        File.WriteAllText(Path.Combine(outside, "carol.db"), "");

        Assert.IsNotNull(PathTemplate.Resolve("user", "alice", ws.UserTemplate).Target, PathTemplate.Resolve("user", "alice", ws.UserTemplate).Problem);
        Assert.IsNotNull(PathTemplate.Resolve("user", "carol", Path.Combine(linkedFolder, "{user}.db")).Target);
        Assert.IsNotNull(PathTemplate.Resolve("user", "dave", Path.Combine(linkedFolder, "{user}.db")).Target, "a missing database without a link may be created");
    }
}
