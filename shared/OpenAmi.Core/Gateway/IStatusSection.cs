using OpenAmi.Northbound;

namespace OpenAmi.Gateway
{
    /// <summary>
    /// A host's own part of the retained status message, e.g. the cellular link's radio state. It writes one
    /// member, starting with its comma: ,"cellular":{…}. Called under the runtime's lock whenever the status goes
    /// out, so it must not allocate nor block.
    /// </summary>
    public interface IStatusSection
    {
        void Write(JsonBuffer j);
    }
}
