using System.Diagnostics;

namespace OpenAmi.Tests.Support;

/// <summary>Waits for a condition instead of sleeping a fixed time.</summary>
public static class Poll
{
    public static bool Until(Func<bool> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > timeout)
            {
                return condition();
            }

            Thread.Sleep(20);
        }

        return true;
    }
}
