namespace OpenAmi.Gateway
{
    /// <summary>
    /// The retained status topic: the will ("offline") the link connects with, "offline" on a clean stop, and the
    /// status message itself (<see cref="StatusReport"/>), periodically from <see cref="Tick"/> and on "resync".
    /// </summary>
    public sealed partial class GatewayRuntime
    {
        /// <summary>Adds a host's own member to the status message (the cellular link's radio state), or removes it (null).</summary>
        public void SetStatusSection(IStatusSection section)
        {
            lock (_sync)
            {
                _statusSection = section;
            }
        }

        /// <summary>Connects the link with the will, and publishes whatever the outbox holds once connected.</summary>
        public void Start()
        {
            lock (_sync)
            {
                _store.Message.Will(_ids);
                byte[] will = new byte[_store.Json.Length];
                System.Array.Copy(_store.Json.Buffer, will, will.Length);
                _link.Start(_options.GatewayId + "-" + _options.FeederId, StatusTopic, will, this);
            }
        }

        /// <summary>Persists the counters, says "offline" on the status topic (a clean disconnect sends no will), and disconnects.</summary>
        public void Stop()
        {
            lock (_sync)
            {
                _outbox.Checkpoint();
                if (_pump.Connected && _link.IsConnected)
                {
                    _store.Message.Will(_ids);
                    _link.Publish(_status.Topic, 0, _status.Topic.Length, _store.Json.Buffer, 0, _store.Json.Length, 1, true);
                }
            }

            _link.Stop();
        }

        /// <summary>Publishes the retained status message again (the "resync" command).</summary>
        public void RepublishStatus()
        {
            lock (_sync)
            {
                if (_pump.Connected)
                {
                    PublishStatus();
                }
            }
        }

        private void PublishStatus()
        {
            _status.Publish(_store.Json, _ports, _sources, _lines, FramesOk, FramesBad, _pump.Published, _outbox, FreeHeapBytes, _statusSection);
            if (_sources != null)
            {
                _sources.StatusDue = false;
            }

            if (_lines != null)
            {
                _lines.StatusDue = false;
            }
        }
    }
}
