// A handful of 16px stroke icons (inline SVG: no icon font, no network). Decorative: aria-hidden.
import type { SVGProps } from "react";

type IconProps = SVGProps<SVGSVGElement> & { size?: number };

function base(paths: React.ReactNode) {
  return function Icon({ size = 16, ...rest }: IconProps) {
    return (
      <svg
        width={size}
        height={size}
        viewBox="0 0 24 24"
        fill="none"
        stroke="currentColor"
        strokeWidth={2}
        strokeLinecap="round"
        strokeLinejoin="round"
        aria-hidden="true"
        focusable="false"
        {...rest}
      >
        {paths}
      </svg>
    );
  };
}

export const PlusIcon = base(<path d="M12 5v14M5 12h14" />);
export const SearchIcon = base(
  <>
    <circle cx="11" cy="11" r="7" />
    <path d="m20 20-3.5-3.5" />
  </>,
);
export const TrashIcon = base(<path d="M4 7h16M10 11v6M14 11v6M6 7l1 13h10l1-13M9 7V4h6v3" />);
export const PencilIcon = base(<path d="M4 20h4L19 9l-4-4L4 16v4zM14 6l4 4" />);
export const CopyIcon = base(
  <>
    <rect x="9" y="9" width="11" height="11" rx="2" />
    <path d="M5 15V6a2 2 0 0 1 2-2h8" />
  </>,
);
export const CheckIcon = base(<path d="m5 12 5 5 9-10" />);
export const StopIcon = base(<rect x="6" y="6" width="12" height="12" rx="2" />);
export const SendIcon = base(<path d="M5 12h13M12 5l7 7-7 7" />);
export const PaperclipIcon = base(<path d="m20 11-8.5 8.5a5 5 0 0 1-7-7L13 4a3.5 3.5 0 0 1 5 5l-8.5 8.5a2 2 0 0 1-3-3L14 7" />);
export const SunIcon = base(
  <>
    <circle cx="12" cy="12" r="4" />
    <path d="M12 2v2M12 20v2M4.9 4.9l1.4 1.4M17.7 17.7l1.4 1.4M2 12h2M20 12h2M4.9 19.1l1.4-1.4M17.7 6.3l1.4-1.4" />
  </>,
);
export const MoonIcon = base(<path d="M20 14.5A8 8 0 0 1 9.5 4 8 8 0 1 0 20 14.5z" />);
export const SidebarIcon = base(
  <>
    <rect x="3" y="4" width="18" height="16" rx="2" />
    <path d="M9 4v16" />
  </>,
);
export const SlidersIcon = base(<path d="M4 6h10M18 6h2M4 12h4M12 12h8M4 18h12M20 18h0M14 4v4M8 10v4M16 16v4" />);
export const XIcon = base(<path d="M6 6l12 12M18 6 6 18" />);
export const ChevronIcon = base(<path d="m9 6 6 6-6 6" />);
export const PlayIcon = base(<path d="M7 5v14l11-7z" />);
export const InspectIcon = base(
  <>
    <path d="M4 5h16M4 10h8M4 15h6" />
    <circle cx="16.5" cy="15.5" r="3.5" />
    <path d="m19 18 2 2" />
  </>,
);
export const ForkIcon = base(
  <>
    <circle cx="6" cy="5" r="2" />
    <circle cx="18" cy="5" r="2" />
    <circle cx="12" cy="19" r="2" />
    <path d="M6 7v2a3 3 0 0 0 3 3h6a3 3 0 0 0 3-3V7M12 12v5" />
  </>,
);
export const AlertIcon = base(<path d="M12 3 2 20h20L12 3zM12 10v4M12 17h0" />);
export const SparkIcon = base(<path d="M12 3v4M12 17v4M3 12h4M17 12h4M6 6l2.5 2.5M15.5 15.5 18 18M6 18l2.5-2.5M15.5 8.5 18 6" />);
export const FileIcon = base(<path d="M14 3H7a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2V8l-5-5zM14 3v5h5" />);
export const ChatIcon = base(<path d="M4 5h16v11H9l-5 4V5z" />);
