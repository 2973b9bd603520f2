namespace Ledger.Cli.Tests;

/// <summary>
/// The native executable's size budget: at most 15 MB (15,000,000 bytes), the target the native build was made
/// for. The size does not vary from run to run (the same tree gives the same file), so unlike speed and memory it is
/// checked here, on the executable CI publishes, and a change that grows it past the budget fails CI instead of being
/// found in the next benchmark. docs/performance.md ("Size after issue 21") says how to see where the bytes go.
/// </summary>
[TestClass]
public sealed class NativeSizeTests
{
    /// <summary>The budget, in bytes.</summary>
    public const long Budget = 15_000_000;

    [TestMethod]
    public void TheNativeExecutableIsAtMost15MB()
    {
        string native = NativeParityTests.NativeExecutable();
        long size = new FileInfo(native).Length;
        Assert.IsTrue(size <= Budget,
            $"{native} is {size:N0} bytes, over the {Budget:N0}-byte budget by {size - Budget:N0}. " +
            "See what grew with: nm -S --size-sort src/Ledger.Cli/obj/Release/net10.0/linux-x64/native/ledger.o");
    }
}
