import { ReactNode, useEffect, useRef, useState } from 'react';

const FALLBACK_WIDTH = 480;

/**
 * Gives a chart the width of its container. Unlike recharts'
 * ResponsiveContainer it also renders where ResizeObserver is missing
 * (older browsers, jsdom), at a fixed width.
 */
export const ChartBox = (props: {
  height: number;
  label: string;
  children: (size: { width: number; height: number }) => ReactNode;
}) => {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(FALLBACK_WIDTH);

  useEffect(() => {
    const element = ref.current;
    if (!element) return undefined;
    const measure = () => {
      const measured = element.getBoundingClientRect().width;
      if (measured > 0) setWidth(Math.floor(measured));
    };
    measure();
    if (typeof ResizeObserver === 'undefined') return undefined;
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  return (
    <div
      ref={ref}
      role="img"
      aria-label={props.label}
      style={{ width: '100%', height: props.height }}
    >
      {props.children({ width, height: props.height })}
    </div>
  );
};
