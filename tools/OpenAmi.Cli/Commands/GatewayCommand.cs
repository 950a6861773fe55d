using System.CommandLine;
using System.Runtime.InteropServices;
using System.Text;
using OpenAmi.Cli.Options;
using OpenAmi.Commands;
using OpenAmi.Desktop.Crypto;
using OpenAmi.Desktop.Gateway;
using OpenAmi.Desktop.Mqtt;
using OpenAmi.Desktop.Service;
using OpenAmi.Desktop.Sources;
using OpenAmi.Desktop.Storage;
using OpenAmi.Gateway;
using OpenAmi.Mqtt;
using OpenAmi.Outbox;
using OpenAmi.P1.Framing;

namespace OpenAmi.Cli.Commands;

/// <summary>
/// <c>openami gateway</c>: the whole gateway on a Linux box. P1 sources in (capture files, serial ports, TCP serial
/// servers), the portable runtime in the middle, MQTT (or stdout) out, with the persistent outbox on disk. Under
/// systemd it speaks sd_notify (READY, WATCHDOG, STATUS, STOPPING) and logs with journald priorities.
/// </summary>
public static class GatewayCommand
{
    /// <summary>Exit status when a signed reboot command asks the gateway to restart (its service manager does it).</summary>
    public const int RestartRequested = 3;

    public static Command Create(CliIO io)
    {
        var command = new Command("gateway",
            "The gateway: meters in (P1, DLMS push, IEC 62056-21 mode D), VMRS envelopes and events out over MQTT with a persistent outbox. "
            + "Without --source it replays the bundled DSMR 5 sample; without --broker it prints each topic and payload.");
        var args = new GatewayArgs();
        args.AddTo(command);
        Help.Examples(
            command,
            "openami gateway                                             # the bundled sample, printed",
            "openami gateway --source capture.p1 --fast --broker mqtt://127.0.0.1:1883 --feeder f --gateway g",
            "openami gateway --source serial:/dev/ttyUSB0 --broker mqtts://broker.example:8883 --ca ca.pem --user pole-0042 --password-file /etc/openami/mqtt-password",
            "openami gateway --source serial:COM3 --source tcp:192.168.1.50:2001    # Windows serial port and a ser2net server",
            "openami gateway --source serial:/dev/ttyUSB0:2400:8E1 --format han      # an Aidon or Kaifa HAN port on an M-Bus adapter",
            "openami gateway --config /etc/openami/gateway.conf          # as the systemd unit runs it");
        command.SetAction((r, cancel) =>
        {
            string? error = args.Read(r, out GatewaySettings settings);
            if (error != null)
            {
                io.Err.WriteLine($"openami gateway: {error}");
                io.Err.WriteLine("Run 'openami gateway --help' for usage and examples.");
                return Task.FromResult(ExitCodes.Usage);
            }

            return Task.FromResult(Run(settings, io.Out, io.Err, cancel));
        });
        return command;
    }

    /// <summary>Reads a gateway command line (after the verb) into settings: null, or the usage error's message.</summary>
    public static string? ReadSettings(string[] args, out GatewaySettings settings)
    {
        var command = new RootCommand();
        var gatewayArgs = new GatewayArgs();
        gatewayArgs.AddTo(command);
        ParseResult result = command.Parse(args);
        if (result.Errors.Count > 0)
        {
            settings = new GatewaySettings();
            return result.Errors[0].Message;
        }

        return gatewayArgs.Read(result, out settings);
    }

    public static int Run(GatewaySettings settings, TextWriter stdout, TextWriter stderr, CancellationToken cancel = default)
    {
        var log = new ServiceLog(stderr, ServiceLog.UnderJournald());
        foreach (SourceSpec spec in settings.Sources)
        {
            if (spec.Kind == SourceSpec.File && ByteSource.FileProblem(spec.Target) is string problem)
            {
                log.Failure($"openami gateway: --source {spec.Target}: {problem}; give a meter capture file, serial:DEVICE or tcp:HOST:PORT");
                return ExitCodes.Failed;
            }
        }

        var outboxOptions = new OutboxOptions();
        FileRecordStore store;
        PersistentOutbox outbox;
        try
        {
            store = new FileRecordStore(settings.Outbox);
            outbox = new PersistentOutbox(store, outboxOptions);
        }
        catch (Exception e) when (e is RecordStoreException or IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            log.Failure($"openami gateway: cannot use {settings.Outbox} as the outbox ({Reason(e)}); give --outbox (or outbox = in the config) a writable directory");
            return ExitCodes.Failed;
        }

        using var storeOwner = store;
        using var notifier = SystemdNotifier.FromEnvironment();
        settings.Mqtt.Log = line => log.Note("mqtt: " + line);
        IMqttLink link = settings.Broker == null ? new ConsoleLink(stdout) : new MqttClient(settings.Mqtt);
        var clock = new SystemGatewayClock { IsTrusted = settings.TrustClock };
        var runtime = new GatewayRuntime(settings.Options, clock, outbox, link);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        bool restart = false;
        CommandProcessor? commands = null;
        if (settings.CommandKeys != null)
        {
            var actions = new DesktopDeviceActions(settings.RelayFile, () =>
            {
                restart = true;
                stop.CancelAfter(TimeSpan.FromSeconds(2)); // time to publish the result first
            });
            commands = new CommandProcessor(
                new CommandOptions { FeederId = settings.Options.FeederId, GatewayId = settings.Options.GatewayId, Keys = settings.CommandKeys },
                runtime, clock, new BclHmacSha256(), new FileBlobStore(Path.Combine(settings.Outbox, "commands")), actions);
            runtime.SetCommandHandler(commands);
        }

        log.Note($"openami gateway {settings.Options.FeederId}/{settings.Options.GatewayId}: "
            + $"{settings.Sources.Count} source(s), {(settings.Broker == null ? "stdout" : MqttClientOptions.Redact(settings.Broker))}, outbox {settings.Outbox} "
            + $"({outbox.RecoveredRecords} message(s) recovered{(outbox.DamagedRecords > 0 ? $", {outbox.DamagedRecords} damaged record(s) skipped" : "")})");

        var pipelines = new List<PortPipeline>();
        var sources = new List<ByteSource>();
        for (int i = 0; i < settings.Sources.Count; i++)
        {
            int port = i;
            var pipeline = new PortPipeline(
                runtime, i, settings.Decryption.Key, settings.Decryption.Aad, settings.AllowPlaintext, settings.Format, settings.Decryption.HanAad);
            pipelines.Add(pipeline);
            sources.Add(new ByteSource(settings.Sources[i], settings.Fast, pipeline.Write, (source, problem) =>
            {
                // Reported at once, not at the next status line: a missing cable should not look like a quiet meter.
                runtime.SetPortProblem(port, problem);
                if (problem != null)
                {
                    log.Warn($"openami gateway: {problem}");
                }
                else
                {
                    log.Note($"openami gateway: {source.Spec} is open");
                }
            })
            {
                FrameCounts = pipeline.Counts,
                LineChanged = (source, line, state) =>
                {
                    if (state == GatewayRuntime.LineSearching)
                    {
                        pipeline.Reset();
                    }
                    else
                    {
                        log.Note($"openami gateway: {source.Spec}: the meter's line is {line}");
                    }

                    runtime.ReportLine(port, OpenAmi.Northbound.JsonBuffer.Quote(line), state);
                },
            });
        }

        FileCaptureStore? capture = null;
        if (settings.CaptureLast > 0)
        {
            try
            {
                capture = new FileCaptureStore(settings.CaptureDirectory, settings.CaptureLast);
                capture.Key();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                log.Failure($"openami gateway: cannot keep a capture in {settings.CaptureDirectory} ({Reason(e)}); give --outbox a writable directory");
                return ExitCodes.Failed;
            }

            for (int i = 0; i < pipelines.Count; i++)
            {
                pipelines[i].Capture = new OpenAmi.Capture.TelegramCapture(capture, i);
            }

            log.Note($"openami gateway: keeping the last {settings.CaptureLast} telegram(s) of each port in {settings.CaptureDirectory}; "
                + $"for a bug report: openami capture export --dir {settings.CaptureDirectory} --out capture.txt");
        }

        using var captureOwner = capture;
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.Cancel(); });

        runtime.Start();
        for (int i = 0; i < sources.Count; i++)
        {
            if (sources[i].Spec.Kind != SourceSpec.File)
            {
                runtime.WatchPort(i);
            }

            sources[i].Start();
        }

        var status = new StatusLine(log, settings.StatusEvery);
        var refusals = new RefusalReport(status, log, settings.Sources);
        var storage = new StorageReport(status, settings.Outbox, outboxOptions);
        notifier.Notify($"READY=1\nSTATUS={status.Text(runtime, link, sources)}");
        TimeSpan? watchdogEvery = notifier.WatchdogInterval / 2;
        DateTime lastWatchdog = DateTime.UtcNow;
        DateTime lastNotifiedStatus = DateTime.UtcNow;
        var lostReported = new bool[sources.Count];
        bool allFiles = settings.Sources.All(s => s.Kind == SourceSpec.File);
        DateTime? endedAt = null;
        int exit = ExitCodes.Ok;
        while (!stop.IsCancellationRequested)
        {
            runtime.Tick();
            storage.Update(runtime.Outbox);
            status.Update(runtime, link, sources, false);
            refusals.Update(pipelines);
            DateTime now = DateTime.UtcNow;
            if (watchdogEvery != null && now - lastWatchdog >= watchdogEvery)
            {
                notifier.Notify("WATCHDOG=1");
                lastWatchdog = now;
            }

            if (notifier.Enabled && now - lastNotifiedStatus >= TimeSpan.FromSeconds(5))
            {
                notifier.Notify("STATUS=" + status.Text(runtime, link, sources));
                lastNotifiedStatus = now;
            }

            for (int i = 0; i < sources.Count; i++)
            {
                bool lost = runtime.IsPortLost(i);
                if (lost && !lostReported[i])
                {
                    log.Warn($"openami gateway: no valid frame from {sources[i].Spec} for {settings.Options.CommsTimeoutMinSeconds} s or more: comms_lost");
                }

                lostReported[i] = lost;
            }

            if (allFiles && sources.All(s => s.Ended))
            {
                if (endedAt == null)
                {
                    endedAt = now;
                    for (int i = 0; i < pipelines.Count; i++)
                    {
                        pipelines[i].End();
                        runtime.EndPort(i); // the end of a capture is not a lost meter, however long draining takes
                    }

                    runtime.Tick();
                }

                if (runtime.Outbox.Unacknowledged == 0 && !runtime.DiscoveryPending)
                {
                    break;
                }

                if (now - endedAt.Value > settings.DrainTimeout)
                {
                    status.EndLine();
                    log.Failure($"openami gateway: the sources ended but {runtime.Outbox.Unacknowledged} message(s) were not acknowledged within "
                        + $"{settings.DrainTimeout.TotalSeconds:0} s");
                    exit = ExitCodes.Failed;
                    break;
                }
            }

            stop.Token.WaitHandle.WaitOne(100);
        }

        notifier.Notify("STOPPING=1");
        foreach (ByteSource source in sources)
        {
            source.Stop();
        }

        // A clean stop first lets the messages in flight be acknowledged (briefly), so the next run sends none of
        // them again, and its exit message counts exactly what the next run sends.
        runtime.Outbox.Paused = true;
        DateTime settle = DateTime.UtcNow + TimeSpan.FromSeconds(3);
        while (runtime.Outbox.Inflight > 0 && link.IsConnected && DateTime.UtcNow < settle)
        {
            Thread.Sleep(20);
        }

        runtime.Stop();
        refusals.Update(pipelines);
        status.Update(runtime, link, sources, true);
        refusals.Summary(pipelines);
        storage.Final(runtime.Outbox);
        if (capture?.LastError is string captureError)
        {
            log.Warn($"openami gateway: the capture in {settings.CaptureDirectory} could not keep every telegram: {captureError}");
        }
        if (commands != null)
        {
            log.Note($"commands: {commands.Accepted} accepted, {commands.Rejected} rejected ({commands.RejectionsSuppressed} not answered), "
                + $"{commands.Duplicates} redelivered; grants: {commands.GrantsAccepted} accepted, {commands.GrantsRejected} refused"
                + (commands.LastGrantProblem != null ? $" (last: {commands.LastGrantProblem})" : ""));
        }

        if (restart)
        {
            log.Note("openami gateway: a signed reboot command asked for a restart");
            return RestartRequested;
        }

        if (allFiles && endedAt != null && runtime.FramesOk == 0)
        {
            string files = string.Join(", ", settings.Sources.Select(s => s.Target));
            log.Failure($"openami gateway: no P1 telegram in {files} was taken as data ({runtime.FramesBad} frame(s) refused): nothing was published "
                + "(check that it is a meter capture, --format if it was taken for another, and --key for encrypted meters)");
            return ExitCodes.Failed;
        }

        return exit;
    }

    /// <summary>An exception's message without its final full stop, to sit inside a sentence.</summary>
    public static string Reason(Exception e) => e.Message.TrimEnd('.', ' ');

    /// <summary>
    /// Storage faults on stderr, once when they start and once when they end, and at exit what the next run will
    /// really send (read after the final checkpoint).
    /// </summary>
    private sealed class StorageReport(StatusLine status, string directory, OutboxOptions options)
    {
        private int _fault;

        public void Update(PersistentOutbox outbox)
        {
            int fault = outbox.Fault;
            if (fault == _fault)
            {
                return;
            }

            if (fault == StorageFault.None)
            {
                status.Note(ServiceLog.Info, $"openami gateway: the outbox works again; every message held in memory is stored ({outbox.StorageFailures} failed attempt(s))");
            }
            else
            {
                status.Note(ServiceLog.Warning, $"openami gateway: cannot write the outbox ({outbox.LastStorageError}); messages wait in memory "
                    + $"(at most {options.MemoryQueueRecords} or {options.MemoryQueueBytes / 1024} KiB, then the oldest telemetry goes first) "
                    + $"and it tries again every {options.StorageRetrySeconds} s");
            }

            _fault = fault;
        }

        public void Final(PersistentOutbox outbox)
        {
            if (outbox.CheckpointFailed)
            {
                status.Note(ServiceLog.Warning, $"openami gateway: the acknowledgements could not be saved ({outbox.LastStorageError}): "
                    + $"up to {outbox.StoredRecords} stored message(s) may go out again on the next run");
            }
            else if (outbox.ResendOnRestart > 0)
            {
                status.Note(ServiceLog.Info, $"openami gateway: {outbox.ResendOnRestart} message(s) stay in {directory} and go out on the next run");
            }

            if (outbox.HeldInMemory > 0)
            {
                status.Note(ServiceLog.Error, $"openami gateway: {outbox.HeldInMemory} message(s) held in memory could not be stored and are lost");
            }
        }
    }

    /// <summary>The one-line status: refreshed in place on a terminal, a log line every few seconds elsewhere.</summary>
    private sealed class StatusLine(ServiceLog log, TimeSpan logEvery)
    {
        private readonly bool _terminal = !log.Journald && !Console.IsErrorRedirected && ReferenceEquals(log.Writer, Console.Error);
        private DateTime _last = DateTime.MinValue;
        private bool _open;

        public string Text(GatewayRuntime runtime, IMqttLink link, List<ByteSource> sources)
        {
            PersistentOutbox outbox = runtime.Outbox;
            string text = $"frames ok {runtime.FramesOk} bad {runtime.FramesBad} | published {runtime.Published} "
                + $"queued {outbox.Unacknowledged} | {(link.IsConnected ? "connected" : "disconnected")} "
                + $"| dropped {outbox.DroppedTelemetry + outbox.DroppedEvents} | seq {outbox.LastSeq}";
            if (outbox.Fault != StorageFault.None || outbox.HeldInMemory > 0)
            {
                text += $" | storage {Encoding.ASCII.GetString(StorageFault.NameOf(outbox.Fault))}, {outbox.HeldInMemory} in memory";
            }
            if (link is MqttClient client && !client.IsConnected && client.LastError != null)
            {
                text += $" ({client.LastError})";
            }

            foreach (ByteSource source in sources)
            {
                if (source.LastError != null)
                {
                    text += $" | {source.LastError}";
                }
            }

            return text;
        }

        /// <summary>A message of its own line; on a terminal it replaces the status line, which the next update redraws.</summary>
        public void Note(int priority, string message)
        {
            if (_terminal)
            {
                lock (log.Writer)
                {
                    log.Writer.WriteLine("\r" + message.PadRight(Width));
                    _open = false;
                }
            }
            else
            {
                log.Write(priority, message);
            }

            _last = DateTime.MinValue;
        }

        private static int Width => Math.Min(Console.WindowWidth > 0 ? Console.WindowWidth - 1 : 100, 140);

        /// <summary>Ends the in-place line on a terminal, so a message that follows starts on its own line.</summary>
        public void EndLine()
        {
            if (_open)
            {
                log.Writer.WriteLine();
                _open = false;
            }
        }

        public void Update(GatewayRuntime runtime, IMqttLink link, List<ByteSource> sources, bool final)
        {
            DateTime now = DateTime.UtcNow;
            TimeSpan every = _terminal ? TimeSpan.FromMilliseconds(500) : logEvery;
            if (!final && now - _last < every)
            {
                return;
            }

            _last = now;
            string text = Text(runtime, link, sources);
            if (_terminal)
            {
                lock (log.Writer)
                {
                    log.Writer.Write("\r" + text.PadRight(Width));
                    _open = true;
                    if (final)
                    {
                        EndLine();
                    }
                }
            }
            else
            {
                log.Note("status: " + text);
            }
        }
    }

    /// <summary>
    /// Says once per source and reason that a port refuses telegrams a user would expect to see published (plaintext
    /// on a port with a key, a meter that lost its CRC), and sums up at exit what each port refused and why.
    /// </summary>
    private sealed class RefusalReport(StatusLine status, ServiceLog log, List<SourceSpec> sources)
    {
        private readonly HashSet<(int Port, int Verdict)> _told = [];

        public void Update(List<PortPipeline> pipelines)
        {
            for (int p = 0; p < pipelines.Count; p++)
            {
                foreach (int verdict in new[] { FrameVerdict.PlaintextRefused, FrameVerdict.CrcMissing })
                {
                    if (pipelines[p].CountOf(verdict) > 0 && _told.Add((p, verdict)))
                    {
                        string hint = verdict == FrameVerdict.PlaintextRefused
                            ? " (the port has a key; allow_plaintext = yes or --allow-plaintext accepts them)"
                            : " (the port delivered CRC-checked telegrams, or the telegram declares DSMR 4+/eMUCS)";
                        status.Note(ServiceLog.Warning, $"openami gateway: source {sources[p]} refuses telegrams: {FrameVerdict.Describe(verdict)}{hint}; "
                            + "each is counted as a bad frame");
                    }
                }
            }
        }

        public void Summary(List<PortPipeline> pipelines)
        {
            for (int p = 0; p < pipelines.Count; p++)
            {
                var parts = new List<string>();
                for (int verdict = FrameVerdict.BadCrc; verdict < FrameVerdict.Count; verdict++)
                {
                    int count = pipelines[p].CountOf(verdict);
                    if (count > 0)
                    {
                        parts.Add($"{count} {FrameVerdict.Describe(verdict)}");
                    }
                }

                if (parts.Count > 0)
                {
                    log.Warn($"source {sources[p]}: frames not taken as data: {string.Join(", ", parts)}");
                }
            }
        }
    }
}
