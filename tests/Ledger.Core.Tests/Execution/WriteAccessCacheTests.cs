using Ledger.Execution;

namespace Ledger.Tests.Execution;

/// <summary>A folder is probed once per run when it is writable, and again each time while it is not.</summary>
[TestClass]
public sealed class WriteAccessCacheTests
{
    [TestMethod]
    public void AWritablePlaceIsProbedOncePerCache()
    {
        var cache = new WriteAccessCache();
        int probes = 0;
        string? Probe(string place) { probes++; return null; }

        for (int i = 0; i < 200; i++) Assert.IsNull(cache.Problem("/data/users", Probe));
        Assert.IsNull(cache.Problem("/data/users/.ledger-backups", Probe));

        Assert.AreEqual(2, probes, "one probe per folder, not one per database");
        Assert.IsNull(new WriteAccessCache().Problem("/data/users", Probe));
        Assert.AreEqual(3, probes, "another run probes again");
    }

    [TestMethod]
    public void AnUnwritablePlaceIsProbedAgainSoThatAFixIsSeen()
    {
        var cache = new WriteAccessCache();
        string? answer = "the folder is read-only for this user";
        int probes = 0;
        string? Probe(string place) { probes++; return answer; }

        Assert.AreEqual(answer, cache.Problem("/data/users", Probe));
        answer = null;
        Assert.IsNull(cache.Problem("/data/users", Probe));
        Assert.AreEqual(2, probes);
    }
}
