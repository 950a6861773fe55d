using OpenAmi.Config;

namespace OpenAmi.Firmware.App
{
    /// <summary>
    /// A line console for first configuration without a computer-side tool: "set wifi_ssid MyNet", "show",
    /// "check", "save", "reboot". It edits the config file's text and validates it with the same reader as boot, so
    /// what "check" accepts is what the device will run with. Secrets are never echoed.
    /// </summary>
    public sealed class ProvisioningConsole
    {
        /// <summary>Supplies the "status" answer; built only when asked, so the loop allocates nothing for it.</summary>
        public delegate string StatusProvider();

        /// <summary>Runs the "capture" command with its arguments (on, off, export); set once the gateway runs.</summary>
        public delegate string CaptureProvider(string args);

        public const string Help =
            "commands: show | set KEY VALUE | unset KEY | check | save | status | capture on|off|export | reboot | help";

        private readonly IConfigStore _store;
        private readonly string _software;
        private readonly string[] _keys = new string[ConfigFile.MaxEntries];
        private readonly string[] _values = new string[ConfigFile.MaxEntries];
        private int _count;

        public ProvisioningConsole(IConfigStore store, string software)
        {
            _store = store;
            _software = software;
            Reload();
        }

        /// <summary>Set after "reboot": the caller restarts the device.</summary>
        public bool RebootRequested { get; private set; }

        /// <summary>Answers "status"; null before the gateway runs.</summary>
        public StatusProvider Status;

        /// <summary>Answers "capture"; null before the gateway runs.</summary>
        public CaptureProvider Capture;

        /// <summary>Runs one command line; returns the text to print.</summary>
        public string Execute(string line)
        {
            string text = line.Trim();
            int space = text.IndexOf(' ');
            string verb = space < 0 ? text : text.Substring(0, space);
            string rest = space < 0 ? "" : text.Substring(space + 1).Trim();
            if (verb == "show")
            {
                return Show();
            }

            if (verb == "set")
            {
                int gap = rest.IndexOf(' ');
                if (gap <= 0)
                {
                    return "usage: set KEY VALUE";
                }

                string key = rest.Substring(0, gap);
                if (!IsKnown(key))
                {
                    return "unknown setting '" + key + "'";
                }

                Set(key, rest.Substring(gap + 1).Trim());
                return "ok (not saved yet)";
            }

            if (verb == "unset")
            {
                return Remove(rest) ? "ok (not saved yet)" : "'" + rest + "' is not set";
            }

            if (verb == "check")
            {
                FirmwareConfig config = FirmwareConfig.Load(Text(), _software);
                return config.ProblemCount == 0 ? "config is complete" : config.Describe();
            }

            if (verb == "save")
            {
                FirmwareConfig config = FirmwareConfig.Load(Text(), _software);
                _store.Write(Text());
                return config.ProblemCount == 0
                    ? "saved; type reboot to run with it"
                    : "saved, but the device cannot run yet:\n" + config.Describe();
            }

            if (verb == "status")
            {
                return Status != null ? Status() : "gateway not running (config incomplete)";
            }

            if (verb == "capture")
            {
                return Capture != null ? Capture(rest) : "capture: the gateway is not running (config incomplete)";
            }

            if (verb == "reboot")
            {
                RebootRequested = true;
                return "rebooting";
            }

            return text.Length == 0 ? "" : (verb == "help" ? Help : "unknown command '" + verb + "'; " + Help);
        }

        /// <summary>The edited settings as config file text.</summary>
        public string Text()
        {
            string text = "";
            for (int i = 0; i < _count; i++)
            {
                text = text + _keys[i] + " = " + _values[i] + "\n";
            }

            return text;
        }

        private void Reload()
        {
            _count = 0;
            string text = _store.Read();
            var file = new ConfigFile();
            if (text == null || file.Parse(text) != null)
            {
                return;
            }

            for (int i = 0; i < file.Count; i++)
            {
                _keys[_count] = file.KeyAt(i);
                _values[_count] = file.ValueAt(i);
                _count++;
            }
        }

        private string Show()
        {
            if (_count == 0)
            {
                return "(no settings)";
            }

            string text = "";
            for (int i = 0; i < _count; i++)
            {
                string value = ConfigFile.IsSecret(_keys[i]) ? "********" : _values[i];
                text = text + (i == 0 ? "" : "\n") + _keys[i] + " = " + value;
            }

            return text;
        }

        private void Set(string key, string value)
        {
            for (int i = 0; i < _count; i++)
            {
                if (_keys[i] != null && _keys[i] == key)
                {
                    _values[i] = value;
                    return;
                }
            }

            if (_count < _keys.Length)
            {
                _keys[_count] = key;
                _values[_count] = value;
                _count++;
            }
        }

        private bool Remove(string key)
        {
            for (int i = 0; i < _count; i++)
            {
                if (_keys[i] != null && _keys[i] == key)
                {
                    for (int j = i + 1; j < _count; j++)
                    {
                        _keys[j - 1] = _keys[j];
                        _values[j - 1] = _values[j];
                    }

                    _count--;
                    return true;
                }
            }

            return false;
        }

        private static bool IsKnown(string key)
        {
            string[] known = FirmwareConfig.KnownKeys();
            for (int i = 0; i < known.Length; i++)
            {
                if (known[i] != null && known[i] == key)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
