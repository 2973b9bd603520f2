using System.Text;
using Ledger.Documents;

namespace Ledger.Tests.Documents;

[TestClass]
public sealed class ByteOrderMarkTests
{
    [TestMethod]
    [DataRow(new byte[] { 0xEF, 0xBB, 0xBF, 0x23 }, true)]
    [DataRow(new byte[] { 0xEF, 0xBB, 0xBF }, true)]
    [DataRow(new byte[] { 0xEF, 0xBB }, false)]
    [DataRow(new byte[] { 0x23, 0xEF, 0xBB, 0xBF }, false)]
    [DataRow(new byte[] { 0xFF, 0xFE, 0x23, 0x00 }, false)]
    [DataRow(new byte[0], false)]
    public void A_file_starts_with_the_utf8_mark_only_when_its_first_three_bytes_are_it(byte[] bytes, bool marked)
    {
        using var dir = new TempDirectory();
        string path = dir.Full("ledger.md");
        File.WriteAllBytes(path, bytes);

        Assert.AreEqual(marked, ByteOrderMark.FileStartsUtf8(path));
        Assert.AreEqual(marked, ByteOrderMark.StartsUtf8(bytes));
    }

    [TestMethod]
    public void The_mark_is_stripped_from_the_start_of_a_text_only()
    {
        Assert.AreEqual("# L\uFEFF", ByteOrderMark.Strip("\uFEFF# L\uFEFF"));
        Assert.AreEqual("# L", ByteOrderMark.Strip("# L"));
        Assert.AreEqual("", ByteOrderMark.Strip("\uFEFF"));
        Assert.AreEqual(Encoding.UTF8.GetString(ByteOrderMark.Utf8), ByteOrderMark.Character.ToString());
    }
}
