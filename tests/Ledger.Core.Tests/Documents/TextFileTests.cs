using System.Diagnostics;
using System.Text;
using Ledger.Documents;

namespace Ledger.Tests.Documents;

/// <summary>How a ledger file's bytes become its text (<see cref="LedgerDocumentReader.ReadText"/>).</summary>
[TestClass]
public sealed class TextFileTests
{
    private readonly TempDirectory _dir = new();

    [TestCleanup]
    public void DeleteDirectory() => _dir.Dispose();

    private string Write(byte[] bytes)
    {
        string path = _dir.Full($"{Guid.NewGuid():N}.md");
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public void A_large_file_decodes_as_one_piece_would_even_where_a_character_or_a_bad_byte_straddles_a_read(bool bom)
    {
        // Multi-byte characters (2, 3 and 4 bytes) and invalid bytes at every alignment, well past several 64 KiB reads.
        var bytes = new List<byte>();
        if (bom) bytes.AddRange(Encoding.UTF8.GetPreamble());
        byte[] piece = [.. "-- é → 𝄞 ü;\n"u8, 0xC3, (byte)'x', 0xFF, 0xE2, 0x82, (byte)'\n'];
        for (int i = 0; bytes.Count < 300_000; i++)
        {
            bytes.AddRange(piece.AsSpan(0, 1 + (i % piece.Length)).ToArray());
        }

        byte[] all = [.. bytes];
        string expected = Encoding.UTF8.GetString(bom ? all.AsSpan(3) : all);

        Assert.AreEqual(expected, TextFile.Read(Write(all), betweenPasses: null, out bool inTwoPasses));
        Assert.IsTrue(inTwoPasses, "a UTF-8 file that did not change is not read a third time, whole");
    }

    [TestMethod]
    [DataRow(new byte[] { 0xEF, 0xBB, 0xBF, (byte)'a', (byte)'b', (byte)'c' }, new byte[] { 0xE2, 0x82, 0xAC, (byte)'a', (byte)'b', (byte)'c' }, "€abc")]
    [DataRow(new byte[] { (byte)'a', (byte)'b', (byte)'c', (byte)'d' }, new byte[] { 0xFF, 0xFE, (byte)'x', 0 }, "x")]
    [DataRow(new byte[] { (byte)'a', (byte)'b', (byte)'c' }, new byte[] { (byte)'a', (byte)'b', (byte)'c', (byte)'d' }, "abcd")]
    [DataRow(new byte[] { (byte)'a', (byte)'b', (byte)'c', (byte)'d' }, new byte[] { 0xC3, 0xA9, (byte)'c', (byte)'d' }, "écd")]
    public void A_file_changed_between_counting_and_filling_is_read_again_whole(byte[] before, byte[] after, string expected)
    {
        string path = Write(before);

        // Same length with another mark, a longer file, fewer characters: each is noticed, and the new file is read.
        string text = TextFile.Read(path, betweenPasses: () => File.WriteAllBytes(path, after), out bool inTwoPasses);

        Assert.AreEqual(expected, text);
        Assert.IsFalse(inTwoPasses);
    }

    [TestMethod]
    [DataRow(new byte[0])]
    [DataRow(new byte[] { 0xEF, 0xBB, 0xBF })]
    public void An_empty_file_or_a_lone_mark_is_empty_text(byte[] bytes) =>
        Assert.AreEqual("", LedgerDocumentReader.ReadText(Write(bytes)));

    [TestMethod]
    public void A_file_that_reports_no_length_is_still_read_to_its_end()
    {
        if (!OperatingSystem.IsLinux()) Assert.Inconclusive("/proc is Linux's");

        // Files of /proc have a size of 0 and content: read as a stream, not by length.
        string status = LedgerDocumentReader.ReadText("/proc/self/status");

        StringAssert.StartsWith(status, "Name:");
        StringAssert.Contains(status, "\nPid:");
    }

    [TestMethod]
    public void A_pipe_is_read_to_its_end()
    {
        if (!OperatingSystem.IsLinux()) Assert.Inconclusive("mkfifo");
        string fifo = _dir.Full("ledger.fifo");
        using (Process mkfifo = Process.Start("mkfifo", fifo)) mkfifo.WaitForExit();
        string text = "# Ledger\n\n```sql\n-- [user:baseline→1.0.0:start]\nSELECT 'é';\n-- [user:baseline→1.0.0:end]\n```\n";

        // Opening a FIFO to write waits for its reader, and the other way round.
        Task writer = Task.Run(() => File.WriteAllText(fifo, text));
        string read = LedgerDocumentReader.ReadText(fifo);

        Assert.IsTrue(writer.Wait(TimeSpan.FromSeconds(10)));
        Assert.AreEqual(text, read);
    }
}
