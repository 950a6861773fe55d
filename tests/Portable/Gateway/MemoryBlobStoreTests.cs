using OpenAmi.Commands;
using nanoFramework.TestFramework;

namespace OpenAmi.Tests.Portable
{
    /// <summary>The in-memory blob store the tests and the bench stand in for flash with.</summary>
    [TestClass]
    public class MemoryBlobStoreTests
    {
        [TestMethod]
        public void AnAbsentBlobReadsAsEmptyWhateverTheSlotsHold()
        {
            // On nanoCLR, comparing a never-assigned slot of a string array crashed the interpreter here.
            var store = new MemoryBlobStore();
            Assert.AreEqual(0, store.Read("replay", new byte[8]));
            store.Write("a", new byte[] { 1, 2, 3 }, 3);
            Assert.AreEqual(0, store.Read("replay", new byte[8]));
            Assert.AreEqual(3, store.Read("a", new byte[8]));
        }

        [TestMethod]
        public void ABlobLongerThanTheBufferIsCutLikeAFileRead()
        {
            var store = new MemoryBlobStore();
            store.Write("b", new byte[] { 1, 2, 3, 4, 5 }, 5);
            byte[] small = new byte[2];
            Assert.AreEqual(2, store.Read("b", small));
            Assert.AreEqual((byte)2, small[1]);
        }

        [TestMethod]
        public void AWriteReplacesTheBlobOfTheSameName()
        {
            var store = new MemoryBlobStore();
            store.Write("b", new byte[] { 1, 2, 3 }, 3);
            store.Write("b", new byte[] { 9 }, 1);
            byte[] buffer = new byte[8];
            Assert.AreEqual(1, store.Read("b", buffer));
            Assert.AreEqual((byte)9, buffer[0]);
            Assert.AreEqual(2, store.Writes);
        }
    }
}
