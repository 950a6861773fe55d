using nanoFramework.TestFramework;
using OpenAmi.Han;
using OpenAmi.Han.Framing;
using OpenAmi.P1.Dlms;
using OpenAmi.P1.Framing;
using OpenAmi.P1.Obis;
using OpenAmi.P1.Parsing;

namespace OpenAmi.Tests.Portable
{
    [TestClass]
    public class HanDecoderTests
    {
        [TestMethod]
        public void Crc16X25MatchesTheCheckValue()
        {
            byte[] data = Bytes.Of("123456789");
            Assert.AreEqual(0x906E, Crc16X25.Compute(data, 0, data.Length));
        }

        [TestMethod]
        public void AidonSelfDescribingListGivesScaledValues()
        {
            CollectingSink sink = HanDecoded.Run(Bytes.FromHex(HanFrames.AidonList3), null, null);
            Assert.AreEqual(1, sink.Count);
            Assert.AreEqual((int)CrcStatus.Ok, (int)sink.Crc(0));
            Telegram t = HanDecoded.Parse(sink, 0);
            Assert.AreEqual(0, t.ErrorCount);
            Assert.AreEqual("4027 W", HanDecoded.Number(t, new ObisCode(1, 0, 1, 7, 0)));
            Assert.AreEqual("0.5 A", HanDecoded.Number(t, new ObisCode(1, 0, 31, 7, 0)));
            Assert.AreEqual("233.0 V", HanDecoded.Number(t, new ObisCode(1, 0, 32, 7, 0)));
            Assert.AreEqual("109552250 Wh", HanDecoded.Number(t, new ObisCode(1, 0, 1, 8, 0)));
            Assert.AreEqual("130480 varh", HanDecoded.Number(t, new ObisCode(1, 0, 3, 8, 0)));
            Assert.AreEqual("7359992890497997", HanDecoded.Text(t, new ObisCode(0, 0, 96, 1, 0)));
            Assert.AreEqual("AIDON_V0001", HanDecoded.Text(t, new ObisCode(1, 1, 0, 2, 129)));
            Assert.AreEqual("/DLMS\\AIDON_V0001", t.GetHeaderText());
        }

        [TestMethod]
        public void KaifaPositionalListReadsThroughTheTable()
        {
            Telegram t = HanDecoded.Parse(HanDecoded.Run(Bytes.FromHex(HanFrames.KaifaList3), null, null), 0);
            Assert.AreEqual("/DLMS\\KFM_001", t.GetHeaderText());
            Assert.AreEqual("1590 W", HanDecoded.Number(t, new ObisCode(1, 0, 1, 7, 0)));
            Assert.AreEqual("0.724 A", HanDecoded.Number(t, new ObisCode(1, 0, 31, 7, 0)));
            Assert.AreEqual("228.3 V", HanDecoded.Number(t, new ObisCode(1, 0, 32, 7, 0)));
            Assert.AreEqual("145122745 Wh", HanDecoded.Number(t, new ObisCode(1, 0, 1, 8, 0)));
            Assert.AreEqual("7340157011274532", HanDecoded.Text(t, new ObisCode(0, 0, 96, 1, 0)));
            Assert.AreEqual("MA304H4D", HanDecoded.Text(t, new ObisCode(0, 0, 96, 1, 7)));
        }

        [TestMethod]
        public void ShortListWithoutIdIsAttributedToTheMeterTheLastLongListNamed()
        {
            byte[] stream = Bytes.Concat(Bytes.FromHex(HanFrames.KaifaList3), Bytes.FromHex(HanFrames.KaifaList1));
            CollectingSink sink = HanDecoded.Run(stream, null, null);
            Assert.AreEqual(2, sink.Count);
            Telegram list1 = HanDecoded.Parse(sink, 1);
            Assert.AreEqual("4117 W", HanDecoded.Number(list1, new ObisCode(1, 0, 1, 7, 0)));
            Assert.AreEqual("7340157011274532", HanDecoded.Text(list1, new ObisCode(0, 0, 96, 1, 0)));

            // On its own, a short list names no meter: none is invented.
            Telegram alone = HanDecoded.Parse(HanDecoded.Run(Bytes.FromHex(HanFrames.KaifaList1), null, null), 0);
            Assert.AreEqual(-1, alone.Find(new ObisCode(0, 0, 96, 1, 0)));
        }

        [TestMethod]
        public void KamstrupListWithoutScalersTakesThemFromTheTable()
        {
            Telegram t = HanDecoded.Parse(HanDecoded.Run(Bytes.FromHex(HanFrames.KamstrupList2), null, null), 0);
            Assert.AreEqual("1.80 A", HanDecoded.Number(t, new ObisCode(1, 1, 31, 7, 0)));
            Assert.AreEqual("236 V", HanDecoded.Number(t, new ObisCode(1, 1, 32, 7, 0)));
            Assert.AreEqual("1225 W", HanDecoded.Number(t, new ObisCode(1, 1, 1, 7, 0)));
            Assert.AreEqual("5706567202753025", HanDecoded.Text(t, new ObisCode(1, 1, 0, 0, 5)));
        }

        [TestMethod]
        public void BadFcsIsCountedAndNeverDecoded()
        {
            var sink = new CollectingSink();
            HanStreamDecoder decoder = HanDecoded.NewDecoder(sink, null, null);
            byte[] data = Bytes.FromHex(HanFrames.KamstrupBadFcs);
            decoder.Write(data, 0, data.Length);
            Assert.AreEqual(1, sink.Count);
            Assert.AreEqual((int)CrcStatus.Bad, (int)sink.Crc(0));
            Assert.AreEqual(0, HanDecoded.Parse(sink, 0).ObjectCount);
            Assert.AreEqual(1, decoder.BadFrames);
            Assert.AreEqual(LinkResult.BadCheck, decoder.LastBadReason);
        }

        [TestMethod]
        public void SegmentedFramesAreJoined()
        {
            Telegram t = HanDecoded.Parse(HanDecoded.Run(Bytes.FromHex(HanFrames.SwissIskraSegments), null, null), 0);
            Assert.AreEqual("234.7 V", HanDecoded.Number(t, new ObisCode(1, 0, 32, 7, 0)));
            Assert.AreEqual("0.12 A", HanDecoded.Number(t, new ObisCode(1, 0, 31, 7, 0)));
            Assert.AreEqual("15207 Wh", HanDecoded.Number(t, new ObisCode(1, 1, 1, 8, 0)));
            Assert.AreEqual("ISK1030783821282", HanDecoded.Text(t, new ObisCode(0, 0, 42, 0, 0)));
            Assert.AreEqual(-1, t.Find(new ObisCode(0, 6, 25, 9, 0)));
        }

        [TestMethod]
        public void GeneralBlockTransferBlocksAreJoined()
        {
            CollectingSink sink = HanDecoded.Run(Bytes.FromHex(HanFrames.SwissE450Blocks), null, null);
            Assert.AreEqual(1, sink.Count);
            Telegram t = HanDecoded.Parse(sink, 0);
            Assert.AreEqual("236 V", HanDecoded.Number(t, new ObisCode(1, 0, 32, 7, 0)));
            Assert.AreEqual("0.09 A", HanDecoded.Number(t, new ObisCode(1, 0, 31, 7, 0)));
            Assert.AreEqual("482939 Wh", HanDecoded.Number(t, new ObisCode(1, 1, 1, 8, 0)));
            Assert.AreEqual("1909113", HanDecoded.Text(t, new ObisCode(0, 0, 96, 1, 1)));
        }

        [TestMethod]
        public void EveryChunkBoundaryGivesTheSameText()
        {
            AssertChunkingInvariant(Bytes.FromHex(HanFrames.SwissE450Blocks), null, null);
            AssertChunkingInvariant(Bytes.FromHex(HanFrames.SwissIskraSegments), null, null);
            AssertChunkingInvariant(Bytes.FromHex(HanFrames.NetzNoeMbus), HanFrames.NetzNoeKey, null);
            AssertChunkingInvariant(Bytes.FromHex(HanFrames.AidonList3), null, null);
        }

        [TestMethod]
        public void EncryptedOnlyFramesOpenWithoutAnAuthenticationKey()
        {
            CollectingSink sink = HanDecoded.Run(Bytes.FromHex(HanFrames.KngEncrypted), HanFrames.KngKey, null);
            Assert.AreEqual(1, sink.Count);
            Assert.IsTrue(sink.WasEncrypted(0));
            Telegram t = HanDecoded.Parse(sink, 0);
            Assert.AreEqual("14398886 Wh", HanDecoded.Number(t, new ObisCode(1, 0, 1, 8, 0)));
            Assert.AreEqual("1121378381199", HanDecoded.Text(t, new ObisCode(0, 0, 96, 1, 0)));
            Assert.IsTrue(t.Find(new ObisCode(0, 0, 1, 0, 0)) >= 0);

            // Where an authentication key is configured, a frame without a tag is refused: no downgrade.
            CollectingSink strict = HanDecoded.Run(Bytes.FromHex(HanFrames.KngEncrypted), HanFrames.KngKey, HanFrames.BurgenlandAad);
            Assert.AreEqual(0, strict.Count);
            Assert.AreEqual((int)DlmsStatus.Unauthenticated, (int)strict.Rejection(0));
        }

        [TestMethod]
        public void AuthenticatedFramesAreVerifiedBeforeDecryption()
        {
            byte[] frame = Bytes.FromHex(HanFrames.BurgenlandEncrypted);
            CollectingSink sink = HanDecoded.Run(frame, HanFrames.BurgenlandKey, HanFrames.BurgenlandAad);
            Telegram t = HanDecoded.Parse(sink, 0);
            Assert.AreEqual("31358606 Wh", HanDecoded.Number(t, new ObisCode(1, 0, 1, 8, 0)));
            Assert.AreEqual("0.26 A", HanDecoded.Number(t, new ObisCode(1, 0, 71, 7, 0)));
            Assert.AreEqual("30137181", HanDecoded.Text(t, new ObisCode(0, 0, 96, 1, 0)));
            Assert.AreEqual("400", HanDecoded.Number(t, new ObisCode(0, 0, 128, 128, 10)));

            CollectingSink wrongAad = HanDecoded.Run(frame, HanFrames.BurgenlandKey, "3000112233445566778899AABBCCDDEEFF");
            Assert.AreEqual(0, wrongAad.Count);
            Assert.AreEqual((int)DlmsStatus.TagMismatch, (int)wrongAad.Rejection(0));

            // A flipped ciphertext bit behind a recomputed FCS: the link is fine, the tag is not.
            byte[] forged = Bytes.FromHex(HanFrames.BurgenlandEncrypted);
            forged[40] ^= 0x01;
            HanBuilder.FixFcs(forged);
            CollectingSink tampered = HanDecoded.Run(forged, HanFrames.BurgenlandKey, HanFrames.BurgenlandAad);
            Assert.AreEqual(0, tampered.Count);
            Assert.AreEqual((int)DlmsStatus.TagMismatch, (int)tampered.Rejection(0));

            CollectingSink noKey = HanDecoded.Run(frame, null, null);
            Assert.AreEqual((int)DlmsStatus.NoKey, (int)noKey.Rejection(0));
        }

        [TestMethod]
        public void MbusSegmentsAreJoinedAndChecked()
        {
            byte[] data = Bytes.FromHex(HanFrames.NetzNoeMbus);
            Telegram t = HanDecoded.Parse(HanDecoded.Run(data, HanFrames.NetzNoeKey, null), 0);
            Assert.AreEqual("12937 Wh", HanDecoded.Number(t, new ObisCode(1, 0, 1, 8, 0)));
            Assert.AreEqual("233.7 V", HanDecoded.Number(t, new ObisCode(1, 0, 32, 7, 0)));
            Assert.AreEqual("1.000", HanDecoded.Number(t, new ObisCode(1, 0, 13, 7, 0)));
            Assert.AreEqual("181220000009", HanDecoded.Text(t, new ObisCode(0, 0, 96, 1, 0)));

            byte[] badSum = Bytes.FromHex(HanFrames.NetzNoeMbus);
            badSum[0xFE]++;
            CollectingSink bad = HanDecoded.Run(badSum, HanFrames.NetzNoeKey, null);
            Assert.IsTrue(bad.Count >= 1);
            for (int i = 0; i < bad.Count; i++)
            {
                Assert.AreEqual((int)CrcStatus.Bad, (int)bad.Crc(i));
            }

            // The second segment alone, then the first alone: neither completes a message.
            byte[] second = new byte[data.Length - 0x100];
            System.Array.Copy(data, 0x100, second, 0, second.Length);
            CollectingSink lost = HanDecoded.Run(second, HanFrames.NetzNoeKey, null);
            Assert.AreEqual(0, lost.RejectionCount);
            for (int i = 0; i < lost.Count; i++)
            {
                Assert.AreEqual((int)CrcStatus.Bad, (int)lost.Crc(i));
            }

            byte[] noStop = new byte[0x100];
            System.Array.Copy(data, 0, noStop, 0, 0xFF);
            noStop[0xFF] = 0x00;
            CollectingSink stop = HanDecoded.Run(noStop, HanFrames.NetzNoeKey, null);
            Assert.AreEqual(1, stop.Count);
            Assert.AreEqual((int)CrcStatus.Bad, (int)stop.Crc(0));
        }

        [TestMethod]
        public void DamagedHeaderOrLengthLosesOnlyThatFrame()
        {
            byte[] good = Bytes.FromHex(HanFrames.AidonList3);
            byte[] badHcs = Bytes.FromHex(HanFrames.AidonList3);
            badHcs[7] ^= 0xFF;
            byte[] badLength = Bytes.FromHex(HanFrames.AidonList3);
            badLength[2] = 0x40;
            CollectingSink sink = HanDecoded.Run(Bytes.Concat(Bytes.Concat(badHcs, badLength), good), null, null);
            int ok = 0;
            for (int i = 0; i < sink.Count; i++)
            {
                if (sink.Crc(i) == CrcStatus.Ok)
                {
                    ok++;
                    Assert.AreEqual("4027 W", HanDecoded.Number(HanDecoded.Parse(sink, i), new ObisCode(1, 0, 1, 7, 0)));
                }
                else
                {
                    Assert.AreEqual(0, HanDecoded.Parse(sink, i).ObjectCount);
                }
            }

            Assert.AreEqual(1, ok);
        }

        [TestMethod]
        public void MissingClosingFlagMakesTheFrameBad()
        {
            byte[] frame = Bytes.FromHex(HanFrames.AidonList3);
            byte[] cut = new byte[frame.Length - 1];
            System.Array.Copy(frame, 0, cut, 0, cut.Length);
            CollectingSink sink = HanDecoded.Run(cut, null, null);
            Assert.AreEqual(1, sink.Count);
            Assert.AreEqual((int)CrcStatus.Bad, (int)sink.Crc(0));
        }

        [TestMethod]
        public void HostileAxdrNeverThrowsAndInventsNothing()
        {
            string[] bodies =
            {
                "0202020202020202020202020202020202020202", // nesting deeper than the reader goes
                "0203090601000107FF06000002",              // a value cut short
                "0182FFFF020209060100010700FF0600000001",   // a count far beyond the bytes
                "0209FF",                                   // a string length past the end
                "0201098400000001",                          // a length field too wide
                "01020213AABB",                              // an unsupported type
                "",                                          // no body at all
                "0182000012",                                // an empty array with junk after
            };
            for (int i = 0; i < bodies.Length; i++)
            {
                var sink = new CollectingSink();
                HanStreamDecoder decoder = HanDecoded.NewDecoder(sink, null, null);
                byte[] frame = HanBuilder.HdlcPush(Bytes.FromHex(bodies[i]));
                decoder.Write(frame, 0, frame.Length);
                for (int f = 0; f < sink.Count; f++)
                {
                    Telegram t = HanDecoded.Parse(sink, f);
                    Assert.AreEqual(-1, t.Find(new ObisCode(1, 0, 1, 7, 0)), bodies[i]);
                    Assert.AreEqual(-1, t.Find(new ObisCode(0, 0, 96, 1, 0)), bodies[i]);
                }
            }
        }

        [TestMethod]
        public void NoiseAndForeignBytesGiveNoFrame()
        {
            byte[] noise = new byte[3000];
            uint x = 12345;
            for (int i = 0; i < noise.Length; i++)
            {
                x = (x * 1103515245) + 12345;
                noise[i] = (byte)(x >> 16);
            }

            CollectingSink sink = HanDecoded.Run(noise, HanFrames.KngKey, null);
            for (int i = 0; i < sink.Count; i++)
            {
                Assert.AreEqual(0, HanDecoded.Parse(sink, i).ObjectCount);
            }

            CollectingSink mixed = HanDecoded.Run(Bytes.Concat(noise, Bytes.FromHex(HanFrames.AidonList3)), null, null);
            Assert.AreEqual((int)CrcStatus.Ok, (int)mixed.Crc(mixed.Count - 1));
        }

        [TestMethod]
        public void BuiltSegmentsReassembleAtEveryBoundary()
        {
            // One push split over three segments, the LLC header in the first only.
            byte[] body = Bytes.FromHex("0202" + "020309060100010700FF0600000FBB02020F00161B" + "020309060100200700FF12091A02020FFF1623");
            byte[] info = Bytes.Concat(Bytes.FromHex("E6E7000F4000000000"), body);
            byte[] a = new byte[10];
            byte[] b = new byte[15];
            byte[] c = new byte[info.Length - 25];
            System.Array.Copy(info, 0, a, 0, 10);
            System.Array.Copy(info, 10, b, 0, 15);
            System.Array.Copy(info, 25, c, 0, c.Length);
            byte[] stream = Bytes.Concat(Bytes.Concat(HanBuilder.Hdlc(a, true), HanBuilder.Hdlc(b, true)), HanBuilder.Hdlc(c, false));
            Telegram t = HanDecoded.Parse(HanDecoded.Run(stream, null, null), 0);
            Assert.AreEqual("4027 W", HanDecoded.Number(t, new ObisCode(1, 0, 1, 7, 0)));
            Assert.AreEqual("233.0 V", HanDecoded.Number(t, new ObisCode(1, 0, 32, 7, 0)));
            AssertChunkingInvariant(stream, null, null);

            // The middle segment damaged: the whole message is dropped, the next one is read.
            byte[] damaged = Bytes.Concat(Bytes.Concat(HanBuilder.Hdlc(a, true), HanBuilder.Hdlc(b, true)), HanBuilder.Hdlc(c, false));
            damaged[HanBuilder.Hdlc(a, true).Length + 12] ^= 0x40;
            CollectingSink sink = HanDecoded.Run(Bytes.Concat(damaged, stream), null, null);
            Assert.AreEqual((int)CrcStatus.Bad, (int)sink.Crc(0));
            Assert.AreEqual((int)CrcStatus.Ok, (int)sink.Crc(sink.Count - 1));
            for (int i = 0; i < sink.Count - 1; i++)
            {
                Assert.AreEqual(0, HanDecoded.Parse(sink, i).ObjectCount);
            }
        }

        [TestMethod]
        public void APushMapsToVmrsLikeATelegram()
        {
            CollectingSink sink = HanDecoded.Run(Bytes.FromHex(HanFrames.KaifaList3), null, null);
            OpenAmi.Vmrs.MeterReading reading = Mapped.Vmrs(Bytes.Text(sink.Frame(0), 0, sink.Frame(0).Length));
            Assert.AreEqual("145122.745", Mapped.Number(reading, "1.8.0"));
            Assert.AreEqual("1590", Mapped.Number(reading, "1.7.0"));
            Assert.AreEqual("228.3", Mapped.Number(reading, "32.7.0"));
            string envelope = Mapped.Envelope(reading);
            Assert.IsTrue(envelope.IndexOf("7340157011274532") >= 0, envelope);

            // Swiss lists number their registers 1-1:...; the mapper reads them as electricity all the same.
            CollectingSink swiss = HanDecoded.Run(Bytes.FromHex(HanFrames.SwissE450Blocks), null, null);
            OpenAmi.Vmrs.MeterReading e450 = Mapped.Vmrs(Bytes.Text(swiss.Frame(0), 0, swiss.Frame(0).Length));
            Assert.AreEqual("482.939", Mapped.Number(e450, "1.8.0"));
            Assert.AreEqual("236", Mapped.Number(e450, "32.7.0"));
        }

        private static void AssertChunkingInvariant(byte[] stream, string key, string aad)
        {
            CollectingSink whole = HanDecoded.Run(stream, key, aad);
            Assert.AreEqual(1, whole.Count);
            string expected = Bytes.Text(whole.Frame(0), 0, whole.Frame(0).Length);
            for (int split = 1; split < stream.Length; split++)
            {
                var sink = new CollectingSink();
                HanStreamDecoder decoder = HanDecoded.NewDecoder(sink, key, aad);
                decoder.Write(stream, 0, split);
                decoder.Write(stream, split, stream.Length - split);
                decoder.EndOfStream();
                Assert.AreEqual(1, sink.Count);
                Assert.AreEqual(expected, Bytes.Text(sink.Frame(0), 0, sink.Frame(0).Length));
            }

            var single = new CollectingSink();
            HanStreamDecoder bytewise = HanDecoded.NewDecoder(single, key, aad);
            for (int i = 0; i < stream.Length; i++)
            {
                bytewise.Write(stream, i, 1);
            }

            Assert.AreEqual(1, single.Count);
            Assert.AreEqual(expected, Bytes.Text(single.Frame(0), 0, single.Frame(0).Length));
        }
    }
}
