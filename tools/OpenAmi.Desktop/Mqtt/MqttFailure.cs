using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using MQTTnet;
using MQTTnet.Exceptions;

namespace OpenAmi.Desktop.Mqtt;

/// <summary>
/// One line, in words, for each way a connection fails: no answer, no route, a TLS problem, a refusal (with the
/// MQTT 5 reason code and the broker's reason string when there is one), a dropped session.
/// </summary>
internal static class MqttFailure
{
    /// <summary>The broker answered CONNECT with a refusal.</summary>
    public sealed class RefusedException(string message) : Exception(message);

    public static string Describe(Exception e, MqttClientOptions o, string? tlsProblem)
    {
        string where = $"{o.Host}:{o.Port}";
        if (tlsProblem != null)
        {
            return "TLS: " + tlsProblem;
        }

        for (Exception? x = e; x != null; x = x.InnerException)
        {
            switch (x)
            {
                case RefusedException:
                    return x.Message;
                case OperationCanceledException or TimeoutException or MqttCommunicationTimedOutException:
                    return $"no answer from {where} within {o.ConnectTimeout.TotalSeconds:0.#} s "
                        + (o.UseTls ? "(TCP connect, TLS handshake and CONNACK)" : "(TCP connect and CONNACK)");
                case SocketException socket:
                    return $"cannot reach {where}: {socket.Message}";
                case AuthenticationException:
                    return $"TLS handshake with {where} failed: {Innermost(x).Message}";
                case CryptographicException or FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException:
                    return $"cannot use the TLS files (--ca, --cert, --cert-key): {x.Message}";
                case InvalidDataException:
                    return x.Message;
            }
        }

        if (Innermost(e) is MqttCommunicationException { InnerException: null })
        {
            return $"{where} closed the connection instead of answering CONNECT"
                + (o.UseTls && o.ClientCertificateFile == null ? " (does the broker want a client certificate? see --cert)" : "");
        }

        return Innermost(e).Message;
    }

    public static string DescribeRefusal(MqttClientConnectResult result, MqttClientOptions o)
    {
        string text = result.ResultCode switch
        {
            MqttClientConnectResultCode.UnsupportedProtocolVersion => "unacceptable protocol version",
            MqttClientConnectResultCode.ClientIdentifierNotValid => "client identifier rejected",
            MqttClientConnectResultCode.ServerUnavailable => "server unavailable",
            MqttClientConnectResultCode.BadUserNameOrPassword => "bad user name or password",
            MqttClientConnectResultCode.NotAuthorized => "not authorised",
            _ => result.ResultCode.ToString(),
        };
        return $"broker refused the connection: {text}" + ReasonCode(o, (int)result.ResultCode, result.ReasonString);
    }

    public static string DescribeDisconnect(MqttClientDisconnectedEventArgs e, MqttClientOptions o)
    {
        if (e.Reason != MqttClientDisconnectReason.NormalDisconnection && o.ProtocolVersion == 5)
        {
            return $"the broker disconnected: {e.Reason}" + ReasonCode(o, (int)e.Reason, e.ReasonString);
        }

        return e.Exception != null ? Describe(e.Exception, o, null) : "the broker closed the connection";
    }

    private static string ReasonCode(MqttClientOptions o, int code, string? reason) =>
        o.ProtocolVersion != 5 ? "" : $" (reason 0x{code:X2}{(string.IsNullOrEmpty(reason) ? "" : ": " + reason)})";

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException != null)
        {
            e = e.InnerException;
        }

        return e;
    }
}
